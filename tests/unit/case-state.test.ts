import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  CASE_ACTION_LABELS,
  CASE_ACTIONS,
  CASE_STATUS_LABELS,
  CASE_STATUSES,
  nextStatus,
  OPEN_STATUSES,
  type CaseAction,
  type CaseStatus,
} from '../../src/domain/case-state.ts';
import { CHANNELS, type Channel } from '../../src/domain/codes.ts';
import { IllegalTransitionError } from '../../src/domain/errors.ts';

const M: Channel = 'mayor_mailbox';
const D: Channel = 'dept_mailbox';
const P: Channel = 'disclosure';

// Every allowed move, written out independently of the implementation: [channels, from, action, to].
const ALLOWED: [Channel[], CaseStatus, CaseAction, CaseStatus][] = [
  [[M, P], 'submitted', 'confirm', 'confirmed'],
  [[D], 'submitted', 'confirm', 'assigned'],
  [[M, D], 'submitted', 'invalidate', 'invalid'],
  [[M, P], 'confirmed', 'dispatch', 'assigned'],
  [[M, P], 'assigned', 'hand_back', 'confirmed'],
  [[M, D, P], 'assigned', 'transfer', 'assigned'],
  [[P], 'assigned', 'request_supplement', 'awaiting_supplement'],
  [[P], 'awaiting_supplement', 'record_supplement', 'assigned'],
  [[P], 'awaiting_supplement', 'close_no_supplement', 'closed'],
  [[P], 'assigned', 'start_consultation', 'consulting'],
  [[P], 'consulting', 'end_consultation', 'assigned'],
  [[P], 'assigned', 'request_extension', 'assigned'],
  [[P], 'consulting', 'request_extension', 'consulting'],
  [[P], 'assigned', 'decide_extension', 'assigned'],
  [[P], 'consulting', 'decide_extension', 'consulting'],
  [[M, D, P], 'assigned', 'save_draft', 'assigned'],
  [[M, D, P], 'assigned', 'submit_for_review', 'in_review'],
  [[M, D, P], 'in_review', 'return_draft', 'assigned'],
  [[M, D, P], 'in_review', 'approve', 'closed'],
  [[M, D], 'closed', 'rate', 'closed'],
  [[M, D], 'closed', 'reopen', 'assigned'],
];

const allowed = new Map<string, CaseStatus>();
for (const [channels, from, action, to] of ALLOWED) {
  for (const c of channels) allowed.set(`${c}|${from}|${action}`, to);
}

const refused: [Channel, CaseStatus, CaseAction][] = [];
for (const c of CHANNELS) {
  for (const s of CASE_STATUSES) {
    for (const a of CASE_ACTIONS) {
      if (!allowed.has(`${c}|${s}|${a}`)) refused.push([c, s, a]);
    }
  }
}

describe('labels', () => {
  it('names every status in Chinese', () => {
    expect(CASE_STATUS_LABELS).toEqual({
      submitted: '待受理',
      confirmed: '已受理',
      assigned: '办理中',
      awaiting_supplement: '待补正',
      consulting: '征求意见中',
      in_review: '待审核',
      closed: '已办结',
      invalid: '无效',
    });
  });

  it('names every action in Chinese, each differently', () => {
    const labels = CASE_ACTIONS.map((a) => CASE_ACTION_LABELS[a]);
    for (const l of labels) expect(l).toMatch(/^[\u4e00-\u9fff]+$/);
    expect(new Set(labels).size).toBe(CASE_ACTIONS.length);
  });
});

describe('OPEN_STATUSES', () => {
  it('is every status but closed and invalid', () => {
    expect([...OPEN_STATUSES].sort()).toEqual(
      ['submitted', 'confirmed', 'assigned', 'awaiting_supplement', 'consulting', 'in_review'].sort(),
    );
  });
});

describe('nextStatus', () => {
  it.each([...allowed].map(([key, to]) => [...key.split('|'), to] as [Channel, CaseStatus, CaseAction, CaseStatus]))(
    '%s: %s --%s--> %s',
    (channel, from, action, to) => {
      expect(nextStatus(channel, from, action)).toBe(to);
    },
  );

  it(`refuses the other ${refused.length} combinations`, () => {
    expect(allowed.size + refused.length).toBe(CHANNELS.length * CASE_STATUSES.length * CASE_ACTIONS.length);
    for (const [channel, from, action] of refused) {
      expect(() => nextStatus(channel, from, action), `${channel} ${from} ${action}`).toThrow(IllegalTransitionError);
    }
  });

  it('names the current status and the action when the status is wrong', () => {
    expect(() => nextStatus(M, 'closed', 'return_draft')).toThrow('当前状态为“已办结”，不能执行“退回修改”。');
    expect(() => nextStatus(P, 'submitted', 'dispatch')).toThrow('当前状态为“待受理”，不能执行“分办”。');
  });

  it('names the channel when the action never applies to it', () => {
    expect(() => nextStatus(P, 'submitted', 'invalidate')).toThrow('政府信息公开申请不能执行“标记无效”。');
    expect(() => nextStatus(D, 'assigned', 'hand_back')).toThrow('部门信箱不能执行“退回办公室”。');
    expect(() => nextStatus(D, 'confirmed', 'dispatch')).toThrow('部门信箱不能执行“分办”。');
    expect(() => nextStatus(M, 'assigned', 'request_supplement')).toThrow('区长信箱不能执行“告知补正”。');
    expect(() => nextStatus(P, 'closed', 'reopen')).toThrow('政府信息公开申请不能执行“重新办理”。');
  });

  it('lets nothing leave an invalid letter', () => {
    for (const c of CHANNELS) {
      for (const a of CASE_ACTIONS) expect(() => nextStatus(c, 'invalid', a)).toThrow(IllegalTransitionError);
    }
  });
});

describe('allowedActions', () => {
  it('lists exactly the actions nextStatus accepts', () => {
    for (const c of CHANNELS) {
      for (const s of CASE_STATUSES) {
        const expected = CASE_ACTIONS.filter((a) => allowed.has(`${c}|${s}|${a}`));
        expect(allowedActions(c, s), `${c} ${s}`).toEqual(expected);
      }
    }
  });

  it('offers the expected choices at key points', () => {
    expect(allowedActions(M, 'submitted')).toEqual(['confirm', 'invalidate']);
    expect(allowedActions(P, 'submitted')).toEqual(['confirm']);
    expect(allowedActions(D, 'assigned')).toEqual(['transfer', 'save_draft', 'submit_for_review']);
    expect(allowedActions(P, 'consulting')).toEqual(['end_consultation', 'request_extension', 'decide_extension']);
    expect(allowedActions(P, 'closed')).toEqual([]);
    expect(allowedActions(M, 'closed')).toEqual(['rate', 'reopen']);
  });
});

describe('lifecycles', () => {
  function run(channel: Channel, actions: CaseAction[]): CaseStatus {
    return actions.reduce<CaseStatus>((s, a) => nextStatus(channel, s, a), 'submitted');
  }

  it('takes a disclosure application through 补正, consultation, extension and review', () => {
    expect(
      run(P, [
        'confirm',
        'dispatch',
        'request_supplement',
        'record_supplement',
        'start_consultation',
        'request_extension',
        'decide_extension',
        'end_consultation',
        'save_draft',
        'submit_for_review',
        'return_draft',
        'submit_for_review',
        'approve',
      ]),
    ).toBe('closed');
  });

  it('closes a disclosure application whose applicant never supplied the 补正', () => {
    expect(run(P, ['confirm', 'dispatch', 'request_supplement', 'close_no_supplement'])).toBe('closed');
  });

  it('takes a department mailbox letter straight to its department, then rating and reopening', () => {
    expect(run(D, ['confirm', 'transfer', 'submit_for_review', 'approve', 'rate', 'reopen'])).toBe('assigned');
  });

  it('lets the office get a mayor mailbox letter back and send it elsewhere', () => {
    expect(run(M, ['confirm', 'dispatch', 'hand_back', 'dispatch'])).toBe('assigned');
  });
});
