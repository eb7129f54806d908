// The office administrator's rules: staff accounts, departments, letter limits and failed mails.
// Form input comes back as field errors (the page re-renders with 422); a refused action throws
// ValidationError with a message for the whole page.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { generatePassword, hashPassword, verifyPassword } from '../auth/password.ts';
import { CASE_ACTION_LABELS, type CaseAction } from '../domain/case-state.ts';
import { LETTER_CATEGORIES, LETTER_CATEGORY_LABELS, type LetterCategory } from '../domain/codes.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import { isRole, ROLE_LABELS } from '../domain/roles.ts';
import type { DB } from '../db/schema.ts';
import { letterLimits } from '../intake/queries.ts';
import { listMails, retryMail } from '../mail/outbox.ts';
import { createUser } from '../users/service.ts';
import {
  caseReferences,
  countOpenCases,
  deleteUserSessions,
  departmentNameTaken,
  findActiveDepartment,
  findDepartment,
  findUser,
  insertDepartment,
  listActiveUnitDepartments,
  listDepartmentsWithCounts,
  listUsers,
  saveLetterLimits,
  setDepartmentActive,
  setUserActive,
  setUserPasswordHash,
  updateDepartment,
} from './queries.ts';

export type FieldErrors = Record<string, string>;
export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

const LIMITS = { displayName: 30, email: 100, departmentName: 50, shortName: 20 };
const isEmail = (value: string) => z.email().safeParse(value).success;

function emailProblem(value: string): string | null {
  if (!value) return null;
  if (value.length > LIMITS.email) return `电子邮箱不能超过${LIMITS.email}个字符`;
  return isEmail(value) ? null : '电子邮箱格式不正确，例如 name@example.gov.cn';
}

// ---- staff accounts ----

export async function listStaff(db: Kysely<DB>) {
  const rows = await listUsers(db);
  return rows.map((u) => ({
    id: u.id,
    login: u.login,
    displayName: u.display_name,
    roleLabel: isRole(u.role) ? ROLE_LABELS[u.role] : u.role,
    departmentName: u.department_name ?? '',
    email: u.email ?? '',
    active: u.active === 1,
  }));
}

/** Departments a clerk can belong to (the office's own staff take an office role). */
export function staffDepartments(db: Kysely<DB>) {
  return listActiveUnitDepartments(db);
}

export type UserFormValues = Record<'login' | 'display_name' | 'role' | 'department_id' | 'email', string>;

/** Creates the account and returns its generated password, to be shown once. */
export async function createStaffAccount(db: Kysely<DB>, values: UserFormValues, now: Date): Promise<FormResult<{ id: number; password: string }>> {
  const errors: FieldErrors = {};
  const displayName = values.display_name.trim();
  const email = values.email.trim();
  if (!displayName) errors.display_name = '请填写姓名';
  else if (displayName.length > LIMITS.displayName) errors.display_name = `姓名不能超过${LIMITS.displayName}个字符`;
  const mailProblem = emailProblem(email);
  if (mailProblem) errors.email = mailProblem;
  if (!isRole(values.role)) errors.role = '请选择角色';

  // Office roles belong to the office itself: a department chosen for them is ignored.
  let department: string | null = null;
  if (values.role === 'dept_staff') {
    const id = Number(values.department_id);
    const found = Number.isInteger(id) && id > 0 ? await findActiveDepartment(db, id) : undefined;
    if (!values.department_id) errors.department_id = '部门工作人员必须选择所属部门';
    else if (!found || found.is_office === 1) errors.department_id = '请选择一个在用的部门';
    else department = found.name;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  try {
    const user = await createUser(db, { login: values.login, role: values.role, department, displayName, email: email || null }, now);
    return { ok: true, value: { id: user.id, password: user.password } };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // createUser names the department by name; the form's field is the select.
    const { department: deptError, ...rest } = error.fields;
    return { ok: false, errors: deptError ? { ...rest, department_id: deptError } : rest };
  }
}

async function existingUser(db: Kysely<DB>, userId: number) {
  const user = await findUser(db, userId);
  if (!user) throw new NotFoundError('没有这个账号。');
  return user;
}

/** A deactivated account is logged out everywhere at once: its sessions are deleted with the change. */
export async function setStaffActive(db: Kysely<DB>, actorId: number, userId: number, active: boolean): Promise<string> {
  const user = await existingUser(db, userId);
  if (!active && user.id === actorId) throw new ValidationError({}, '不能停用自己的账号。');
  await db.transaction().execute(async (trx) => {
    await setUserActive(trx, user.id, active);
    if (!active) await deleteUserSessions(trx, user.id);
  });
  return user.login;
}

/** A new password ends the account's other sessions; an administrator resetting their own stays logged in. */
export async function resetStaffPassword(db: Kysely<DB>, actorId: number, userId: number): Promise<{ id: number; password: string }> {
  const user = await existingUser(db, userId);
  const password = generatePassword();
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await setUserPasswordHash(trx, user.id, hash);
    if (user.id !== actorId) await deleteUserSessions(trx, user.id);
  });
  return { id: user.id, password };
}

/**
 * The account a freshly shown password belongs to, if the password is still its current one (an
 * older reveal cookie after another reset shows nothing).
 */
export async function passwordToReveal(db: Kysely<DB>, userId: number, password: string) {
  const user = await findUser(db, userId);
  if (!user || !(await verifyPassword(password, user.password_hash))) return null;
  return { login: user.login, displayName: user.display_name };
}

// ---- departments ----

export function listDepartments(db: Kysely<DB>) {
  return listDepartmentsWithCounts(db);
}

export async function departmentById(db: Kysely<DB>, id: number) {
  const dept = await findDepartment(db, id);
  if (!dept) throw new NotFoundError('没有这个部门。');
  return dept;
}

export type DepartmentFormValues = Record<'name' | 'short_name' | 'email', string>;

async function checkDepartment(db: Kysely<DB>, values: DepartmentFormValues, exceptId: number | null) {
  const errors: FieldErrors = {};
  const row = { name: values.name.trim(), short_name: values.short_name.trim(), email: values.email.trim() || null };
  if (!row.name) errors.name = '请填写部门名称';
  else if (row.name.length > LIMITS.departmentName) errors.name = `部门名称不能超过${LIMITS.departmentName}个字符`;
  else if (await departmentNameTaken(db, row.name, exceptId)) errors.name = `已有名为“${row.name}”的部门`;
  if (!row.short_name) errors.short_name = '请填写简称';
  else if (row.short_name.length > LIMITS.shortName) errors.short_name = `简称不能超过${LIMITS.shortName}个字符`;
  else if (await departmentNameTaken(db, row.short_name, exceptId)) errors.short_name = `“${row.short_name}”已被其他部门使用`;
  const mailProblem = emailProblem(row.email ?? '');
  if (mailProblem) errors.email = mailProblem;
  return { row, errors };
}

export async function addDepartment(db: Kysely<DB>, values: DepartmentFormValues, now: Date): Promise<FormResult<string>> {
  const { row, errors } = await checkDepartment(db, values, null);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  await insertDepartment(db, { ...row, created_at: now.toISOString() });
  return { ok: true, value: row.name };
}

export async function editDepartment(db: Kysely<DB>, id: number, values: DepartmentFormValues): Promise<FormResult<string>> {
  await departmentById(db, id);
  const { row, errors } = await checkDepartment(db, values, id);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  await updateDepartment(db, id, row);
  return { ok: true, value: row.name };
}

/** A department still holding open cases stays active: its cases would have nobody to answer them. */
export async function setDepartmentActiveState(db: Kysely<DB>, id: number, active: boolean): Promise<string> {
  const dept = await departmentById(db, id);
  if (!active) {
    if (dept.is_office === 1) throw new ValidationError({}, `${dept.name}负责受理和分办，不能停用。`);
    const open = await countOpenCases(db, id);
    if (open > 0) {
      throw new ValidationError({}, `${dept.name}还有${open}件未办结的来信或申请，不能停用。请先将这些案件转办或办结，再停用该部门。`);
    }
  }
  await setDepartmentActive(db, id, active);
  return dept.name;
}

// ---- letter limits ----

export const LETTER_LIMIT_RANGE = { min: 1, max: 60 };

/** The form's values: the stored limit of each category as text. */
export async function letterLimitValues(db: Kysely<DB>): Promise<Record<LetterCategory, string>> {
  const stored = await letterLimits(db);
  return Object.fromEntries(
    LETTER_CATEGORIES.map((c) => [c, String(stored.find((s) => s.category === c)?.days ?? '')]),
  ) as Record<LetterCategory, string>;
}

export async function saveLetterLimitsForm(db: Kysely<DB>, values: Record<string, string>): Promise<FormResult<null>> {
  const errors: FieldErrors = {};
  const limits: Array<{ category: LetterCategory; days: number }> = [];
  for (const category of LETTER_CATEGORIES) {
    const text = (values[category] ?? '').trim();
    const days = Number(text);
    const { min, max } = LETTER_LIMIT_RANGE;
    if (!text) errors[category] = `请填写${LETTER_CATEGORY_LABELS[category]}类来信的答复期限`;
    else if (!/^\d+$/.test(text) || days < min || days > max) errors[category] = `请填写${min}至${max}之间的整数（工作日）`;
    else limits.push({ category, days });
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  await saveLetterLimits(db, limits);
  return { ok: true, value: null };
}

// ---- failed mails ----

/** Enough of the address to recognise it, not enough to copy it: the local part keeps only its first character. */
export function maskEmailAddress(address: string): string {
  const at = address.lastIndexOf('@');
  const local = at < 0 ? address : address.slice(0, at);
  return `${local.slice(0, 1)}***${at < 0 ? '' : address.slice(at)}`;
}

function mailKindLabel(kind: string): string {
  if (kind === 'receipt') return '提交回执';
  if (kind === 'assignment') return '新案件分办通知';
  const action = kind.startsWith('applicant_') ? kind.slice('applicant_'.length) : null;
  if (action && Object.hasOwn(CASE_ACTION_LABELS, action)) return `告知申请人：${CASE_ACTION_LABELS[action as CaseAction]}`;
  return kind;
}

const FAILED_MAILS_SHOWN = 200;

export async function listFailedMails(db: Kysely<DB>) {
  const mails = await listMails(db, { status: 'failed', limit: FAILED_MAILS_SHOWN });
  const references = await caseReferences(
    db,
    mails.flatMap((m) => (m.case_id === null ? [] : [m.case_id])),
  );
  return mails.map((m) => ({
    id: m.id,
    kindLabel: mailKindLabel(m.kind),
    reference: m.case_id === null ? null : (references.get(m.case_id) ?? null),
    maskedTo: maskEmailAddress(m.to_address),
    attempts: m.attempts,
    lastError: m.last_error ?? '',
    createdAt: m.created_at,
  }));
}

/**
 * Puts a failed mail back in the queue, to a corrected address if one is given. False when the mail
 * is no longer failed (someone else retried it meanwhile).
 */
export async function retryFailedMail(db: Kysely<DB>, id: number, now: Date, newAddress?: string): Promise<FormResult<boolean>> {
  if (newAddress !== undefined) {
    const address = newAddress.trim();
    const problem = address ? emailProblem(address) : '请填写正确的电子邮箱';
    if (problem) return { ok: false, errors: { [`to_${id}`]: problem } };
    return { ok: true, value: await retryMail(db, id, now, address) };
  }
  return { ok: true, value: await retryMail(db, id, now) };
}
