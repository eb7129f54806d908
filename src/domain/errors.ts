// Domain errors carry a Chinese message for the user; the HTTP layer maps each class to a status in one place.
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that breaks a rule; `fields` maps a form field name to its message. */
export class ValidationError extends DomainError {
  constructor(public readonly fields: Record<string, string>, message = '提交的内容有误，请按提示修改。') {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  constructor(message = '未找到。') {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = '您没有权限进行此操作。') {
    super(message);
  }
}

/** A case action that its current state does not allow. */
export class IllegalTransitionError extends DomainError {}

/** A working-day computation reached a year whose holiday schedule has not been entered. */
export class CalendarYearMissingError extends DomainError {
  constructor(public readonly year: number) {
    super(`${year}年的节假日安排尚未录入，无法计算工作日。请管理员在“工作日历”中录入${year}年的安排。`);
  }
}
