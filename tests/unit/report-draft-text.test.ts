import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { haimen2024 } from '../fixtures/haimen-2024.ts';
import { ROW_KEYS, mailboxFigures, type AnnualReport, type ApplicationRows } from '../../src/domain/annual-report.ts';
import { draftOverview, summariseApplications, wholePercent } from '../../src/domain/report-draft-text.ts';
import { APPEAL_KEYS } from '../../src/domain/report-inputs.ts';

const REFERENCE = readFileSync(new URL('../../../shared/reference/haimen-2024-annual-report.txt', import.meta.url), 'utf8');

/** The published text has ASCII commas and semicolons where we write full-width ones. */
const asPublished = (s: string) => s.replace(/，/g, ',').replace(/；/g, ';');


function report(rows: ApplicationRows, appeals: Record<string, number> = {}): Pick<AnnualReport, 'year' | 'mailboxes' | 'applications' | 'appeals'> {
  return {
    year: 2024,
    mailboxes: { mayor_mailbox: mailboxFigures(210, 205), dept_mailbox: mailboxFigures(230, 225) },
    applications: { columns: [], rows, checks: [] },
    appeals,
  };
}

describe('wholePercent', () => {
  it('rounds to a whole percent as the reports print it, halves up', () => {
    expect(wholePercent(59, 60)).toBe(98);
    expect(wholePercent(54, 60)).toBe(90);
    expect(wholePercent(1, 8)).toBe(13);
    expect(wholePercent(0, 0)).toBeNull();
  });
});

describe('summariseApplications', () => {
  it('gives the figures of the reference: 60 received, 59 from natural persons, 54 replied, 2 carried forward', () => {
    expect(summariseApplications(haimen2024())).toEqual({
      received: 60,
      naturalPersons: 59,
      naturalPersonShare: 98,
      replied: 54,
      replyRate: 90,
      carriedForward: 2,
    });
  });
});

describe('draftOverview', () => {
  it('writes paragraphs 1 and 2 of the reference with its figures', () => {
    const text = draftOverview(report(haimen2024()));
    expect(text).toBe(
      '1.主动公开情况。2024年，全年受理“区长信箱”信件210件、办结率97.62%，“部门信箱”信件230件、办结率97.83%。\n' +
        '2.依申请公开情况。收到向区政府及其办公室申请的各类政府信息公开申请60件，其中自然人申请59件，占比98%；答复54件，答复率90%；结转下年度继续办理2件。',
    );
    // The mailbox sentence is the reference's own, word for word.
    expect(REFERENCE).toContain(asPublished('全年受理“区长信箱”信件210件、办结率97.62%，“部门信箱”信件230件、办结率97.83%。'));
  });

  it('adds the sentence on appeals once section 四 is entered, as the reference words it', () => {
    const zeros = Object.fromEntries(APPEAL_KEYS.map((k) => [k, 0]));
    const second = draftOverview(report(haimen2024(), zeros)).split('\n')[1];
    expect(REFERENCE).toContain(asPublished(second));
    const corrected = draftOverview(report(haimen2024(), { ...zeros, reconsideration_corrected: 1, litigation_direct_corrected: 1 }));
    expect(corrected).toContain('结转下年度继续办理2件；因信息公开导致的行政复议、行政诉讼结果被纠正2件。');
  });

  it('says so when a mailbox received nothing or no application arrived', () => {
    const empty = Object.fromEntries(ROW_KEYS.map((k) => [k, [0, 0, 0, 0, 0, 0, 0]])) as ApplicationRows;
    const text = draftOverview({ ...report(empty), mailboxes: { mayor_mailbox: mailboxFigures(0, 0), dept_mailbox: mailboxFigures(3, 3) } });
    expect(text).toBe(
      '1.主动公开情况。2024年，“区长信箱”未收到信件，全年受理“部门信箱”信件3件、办结率100.00%。\n' +
        '2.依申请公开情况。全年未收到向区政府及其办公室申请的政府信息公开申请。',
    );
  });
});
