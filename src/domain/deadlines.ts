// A case's due date, replayed from its deadline-relevant history, with a plain-Chinese line per step
// so staff and applicants can check the arithmetic. Rules: DESIGN.md "Deadlines", 条例第三十至三十四条.
import {
  addWorkingDays,
  nextWorkingDayOnOrAfter,
  parseDate,
  workingDaysBetween,
  type WorkCalendar,
} from './calendar.ts';
import {
  DISCLOSURE_MAX_EXTENSION_DAYS,
  DISCLOSURE_REPLY_DAYS,
  DISCLOSURE_SUPPLEMENT_WINDOW_DAYS,
  type Channel,
} from './codes.ts';
import { IllegalTransitionError, ValidationError } from './errors.ts';

export type ConsultedParty = 'third_party' | 'agency';

export type ClockStep =
  /** Disclosure: the receipt date (条例第三十一条), always 20 days. Letter: the day it is accepted/assigned, with its category limit; a later start (e.g. reopening) restarts the clock. */
  | { kind: 'start'; on: string; days: number }
  | { kind: 'supplement_requested'; on: string }
  | { kind: 'supplement_received'; on: string }
  /** third_party: 条例第三十二条; agency: another agency that co-produced the information, 第三十四条. */
  | { kind: 'consultation_started'; on: string; party: ConsultedParty }
  | { kind: 'consultation_ended'; on: string }
  | { kind: 'extension'; on: string; days: number };

export interface DeadlineResult {
  /** Null before the clock starts and while a 补正 request has stopped it. */
  dueOn: string | null;
  paused: boolean;
  pauseReason: 'supplement' | 'consultation' | null;
  /** Working days still left when a consultation paused the clock (extensions granted meanwhile included). */
  daysLeftAtPause: number | null;
  extended: boolean;
  explanation: string[];
}

export type DueState = 'overdue' | 'due_soon' | 'on_track' | 'paused' | 'closed';

/** A case is "due soon" when at most this many working days are left. */
export const DUE_SOON_WORKING_DAYS = 2;

/** 条例第三十一条: the receipt date is the day the office confirms; by default the submission day, or the next working day. */
export function defaultReceiptDate(cal: WorkCalendar, submittedOn: string): string {
  return nextWorkingDayOnOrAfter(cal, submittedOn);
}

/** 条例第三十条: the last day on which a 补正 request may be sent. */
export function supplementWindowEnd(cal: WorkCalendar, receivedOn: string): string {
  return addWorkingDays(cal, receivedOn, DISCLOSURE_SUPPLEMENT_WINDOW_DAYS);
}

const STEP_LABELS: Record<ClockStep['kind'], string> = {
  start: '受理',
  supplement_requested: '补正',
  supplement_received: '收到补正材料',
  consultation_started: '征求意见',
  consultation_ended: '结束征求意见',
  extension: '延长答复期限',
};

const CONSULTATION_TEXT: Record<ConsultedParty, string> = {
  third_party: '征求第三方意见（条例第三十二条）',
  agency: '征求有关行政机关意见（条例第三十四条）',
};

type Pause = { reason: 'supplement' } | { reason: 'consultation'; daysLeft: number };

function refuse(message: string): never {
  throw new IllegalTransitionError(message);
}

/** A number of days that no case state could make valid: an input error on the step's `days`. */
function invalidDays(message: string): never {
  throw new ValidationError({ days: message }, message);
}

export function computeDeadline(cal: WorkCalendar, channel: Channel, steps: readonly ClockStep[]): DeadlineResult {
  const disclosure = channel === 'disclosure';
  const explanation: string[] = [];
  let receivedOn: string | null = null;
  let dueOn: string | null = null;
  let pause: Pause | null = null;
  let supplementRequestedOn: string | null = null;
  let extendedOn: string | null = null;
  let previousOn: string | null = null;

  for (const step of steps) {
    parseDate(step.on);
    if (previousOn !== null && step.on < previousOn) {
      refuse(`办理记录的日期顺序有误：${step.on}早于上一步的${previousOn}。`);
    }
    previousOn = step.on;
    if (!disclosure && step.kind !== 'start') refuse(`来信不适用“${STEP_LABELS[step.kind]}”。`);
    if (step.kind !== 'start' && receivedOn === null) refuse(`尚未受理，不能记录“${STEP_LABELS[step.kind]}”。`);

    switch (step.kind) {
      case 'start': {
        if (disclosure) {
          if (receivedOn !== null) refuse('政府信息公开申请只能受理一次，答复期限不能重新起算。');
          if (step.days !== DISCLOSURE_REPLY_DAYS) invalidDays(`政府信息公开申请的答复期限为${DISCLOSURE_REPLY_DAYS}个工作日。`);
        } else if (!Number.isInteger(step.days) || step.days < 1) {
          invalidDays('办理时限应为正整数个工作日。');
        }
        const restart = receivedOn !== null;
        receivedOn = step.on;
        dueOn = addWorkingDays(cal, step.on, step.days);
        explanation.push(
          disclosure
            ? `${step.on} 收到申请（受理），依条例第三十三条自次日起计${step.days}个工作日，应于${dueOn}前答复。`
            : restart
              ? `${step.on} 重新交办，自次日起重新计算${step.days}个工作日，应于${dueOn}前答复。`
              : `${step.on} 受理来信，自次日起计${step.days}个工作日，应于${dueOn}前答复。`,
        );
        break;
      }

      case 'supplement_requested': {
        if (supplementRequestedOn !== null) refuse(`补正只能一次性告知，本申请已于${supplementRequestedOn}发出过补正通知。`);
        if (pause) refuse('征求意见期间不能发出补正通知。');
        const windowEnd = supplementWindowEnd(cal, receivedOn!);
        if (step.on > windowEnd) {
          refuse(`依条例第三十条，补正通知应自收到申请之日起${DISCLOSURE_SUPPLEMENT_WINDOW_DAYS}个工作日内发出（最迟${windowEnd}），${step.on}已超出该期限。`);
        }
        supplementRequestedOn = step.on;
        pause = { reason: 'supplement' };
        dueOn = null;
        explanation.push(`${step.on} 发出补正通知（条例第三十条），办理期限中止，待收到补正材料后重新计算。`);
        break;
      }

      case 'supplement_received': {
        if (pause?.reason !== 'supplement') refuse('未在等待补正，不能登记收到补正材料。');
        pause = null;
        dueOn = addWorkingDays(cal, step.on, DISCLOSURE_REPLY_DAYS);
        explanation.push(
          `${step.on} 收到补正材料，依条例第三十条自次日起重新计算${DISCLOSURE_REPLY_DAYS}个工作日，应于${dueOn}前答复。`,
        );
        break;
      }

      case 'consultation_started': {
        if (pause) refuse(pause.reason === 'supplement' ? '等待补正期间不能征求意见。' : '征求意见已在进行中。');
        // Consultation time is excluded from a running period (第三十三条第三款); once it has expired there is nothing to pause.
        if (step.on > dueOn!) refuse(`答复期限已于${dueOn}届满，不能再以征求意见暂停计时。`);
        const daysLeft = workingDaysBetween(cal, step.on, dueOn!);
        pause = { reason: 'consultation', daysLeft };
        dueOn = null;
        explanation.push(`${step.on} ${CONSULTATION_TEXT[step.party]}，期限暂停（剩余${daysLeft}个工作日）。`);
        break;
      }

      case 'consultation_ended': {
        if (pause?.reason !== 'consultation') refuse('没有进行中的征求意见。');
        const { daysLeft } = pause;
        // With no day left the reply is due on the resume day itself, which must be a working day.
        dueOn = daysLeft === 0 ? nextWorkingDayOnOrAfter(cal, step.on) : addWorkingDays(cal, step.on, daysLeft);
        pause = null;
        explanation.push(`${step.on} 征求意见结束，恢复计时，剩余${daysLeft}个工作日，应于${dueOn}前答复。`);
        break;
      }

      case 'extension': {
        if (extendedOn !== null) refuse(`答复期限只能延长一次，本申请已于${extendedOn}延长过。`);
        if (!Number.isInteger(step.days) || step.days < 1 || step.days > DISCLOSURE_MAX_EXTENSION_DAYS) {
          invalidDays(`延长的期限应为1至${DISCLOSURE_MAX_EXTENSION_DAYS}个工作日。`);
        }
        if (pause?.reason === 'supplement') refuse('等待补正期间答复期限已中止，不能延长。');
        extendedOn = step.on;
        if (pause) {
          pause = { reason: 'consultation', daysLeft: pause.daysLeft + step.days };
          explanation.push(
            `${step.on} 延长答复期限${step.days}个工作日（条例第三十三条第二款），征求意见结束后剩余${pause.daysLeft}个工作日。`,
          );
        } else {
          if (step.on > dueOn!) refuse(`答复期限已于${dueOn}届满，不能再延长。`);
          dueOn = addWorkingDays(cal, dueOn!, step.days);
          explanation.push(`${step.on} 延长答复期限${step.days}个工作日（条例第三十三条第二款），应于${dueOn}前答复。`);
        }
        break;
      }
    }
  }

  return {
    dueOn,
    paused: pause !== null,
    pauseReason: pause?.reason ?? null,
    daysLeftAtPause: pause?.reason === 'consultation' ? pause.daysLeft : null,
    extended: extendedOn !== null,
    explanation,
  };
}

/** Working days from today to the due date (see workingDaysBetween); ≤ 0 once it is due. */
export function workingDaysLeft(cal: WorkCalendar, today: string, dueOn: string): number {
  return workingDaysBetween(cal, today, dueOn);
}

/** A case without a due date yet (not accepted) is on track: there is no deadline to miss. */
export function dueState(
  cal: WorkCalendar,
  today: string,
  r: { dueOn: string | null; paused: boolean; closed: boolean },
): DueState {
  if (r.closed) return 'closed';
  if (r.paused) return 'paused';
  if (r.dueOn === null) return 'on_track';
  parseDate(today);
  if (today > r.dueOn) return 'overdue';
  return workingDaysLeft(cal, today, r.dueOn) <= DUE_SOON_WORKING_DAYS ? 'due_soon' : 'on_track';
}
