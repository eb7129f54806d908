import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import {
  OUTCOME_CODES,
  OUTCOME_GROUPS,
  OUTCOMES,
  REMEDY_TEXT,
  isOutcomeCode,
  outcomeByCode,
  renderReplyNotice,
} from '../../src/domain/outcomes.ts';

const GLOSSARY_ORDER = [
  'granted',
  'partial',
  'refused.state_secret',
  'refused.prohibited_by_law',
  'refused.three_safeties',
  'refused.third_party',
  'refused.internal_affairs',
  'refused.process_info',
  'refused.enforcement_file',
  'refused.inquiry_matter',
  'unavailable.not_held',
  'unavailable.needs_creation',
  'unavailable.unclear_after_supplement',
  'not_processed.petition',
  'not_processed.duplicate',
  'not_processed.publication',
  'not_processed.excessive',
  'not_processed.confirmation',
  'other.no_supplement',
  'other.fee_unpaid',
  'other.other',
];

const NUMERALS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Chinese numerals up to 99 as used for article, paragraph and item numbers. */
function toNumber(s: string): number {
  const [tens, ones] = s.includes('十') ? s.split('十') : ['', s];
  const t = s.includes('十') ? (tens === '' ? 1 : NUMERALS[tens]) : 0;
  return t * 10 + (ones === '' ? 0 : NUMERALS[ones]);
}

/** article → paragraphs (款) → item numbers (项) of that paragraph. */
type Regulation = Map<number, number[][]>;

function parseRegulation(text: string): Regulation {
  const articles: Regulation = new Map();
  let current: number[][] | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const article = /^第([一二三四五六七八九十]+)条[\s　]/.exec(line);
    const item = /^[(（]([一二三四五六七八九十]+)[)）]/.exec(line);
    if (article) {
      current = [[]];
      articles.set(toNumber(article[1]), current);
    } else if (current && item) {
      current[current.length - 1].push(toNumber(item[1]));
    } else if (current) {
      current.push([]);
    }
  }
  return articles;
}

const REGULATION_URL = new URL('../../../shared/reference/ogi-regulation-2019.md', import.meta.url);
const regulationPath = fileURLToPath(REGULATION_URL);

describe('outcome codes', () => {
  it('are the 21 glossary codes in the row order of table 三', () => {
    expect([...OUTCOME_CODES]).toEqual(GLOSSARY_ORDER);
    expect(OUTCOMES.map((o) => o.code)).toEqual(GLOSSARY_ORDER);
  });

  it('belong to the group their code names, and groups come in table order', () => {
    expect(OUTCOME_GROUPS.map((g) => g.rowLabel)).toEqual([
      '（一）予以公开',
      '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
      '（三）不予公开',
      '（四）无法提供',
      '（五）不予处理',
      '（六）其他处理',
    ]);
    const groupOrder = OUTCOME_GROUPS.map((g) => g.group as string);
    let last = 0;
    for (const o of OUTCOMES) {
      expect(o.code.split('.')[0]).toBe(o.group);
      const index = groupOrder.indexOf(o.group);
      expect(index).toBeGreaterThanOrEqual(last);
      last = index;
    }
  });

  it('carry the row text of the official table, numbered within each group', () => {
    expect(outcomeByCode('refused.state_secret').rowLabel).toBe('1.属于国家秘密');
    expect(outcomeByCode('refused.three_safeties').rowLabel).toBe('3.危及“三安全一稳定”');
    expect(outcomeByCode('unavailable.not_held').rowLabel).toBe('1.本机关不掌握相关政府信息');
    expect(outcomeByCode('not_processed.confirmation').rowLabel).toBe('5.要求行政机关确认或重新出具已获取信息');
    expect(outcomeByCode('other.fee_unpaid').rowLabel).toBe(
      '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    );
    expect(outcomeByCode('partial').rowLabel).toBe(OUTCOME_GROUPS[1].rowLabel);
    for (const { group } of OUTCOME_GROUPS.slice(2)) {
      const rows = OUTCOMES.filter((o) => o.group === group);
      rows.forEach((o, i) => expect(o.rowLabel.startsWith(`${i + 1}.`), o.code).toBe(true));
    }
  });

  it('row labels match the rows of the published Haimen 2024 report', () => {
    const report = readFileSync(new URL('../../../shared/reference/haimen-2024-annual-report.txt', import.meta.url), 'utf8');
    // The published text uses ASCII punctuation inside the row texts; compare without it.
    const plain = (s: string) => s.replace(/[()（），,]/g, '');
    const lines = new Set(report.split('\n').map((l) => plain(l.trim())));
    for (const o of OUTCOMES) expect(lines.has(plain(o.rowLabel)), o.code).toBe(true);
    for (const g of OUTCOME_GROUPS) expect(lines.has(plain(g.rowLabel)), g.group).toBe(true);
  });

  it('can be looked up and recognised', () => {
    expect(isOutcomeCode('refused.third_party')).toBe(true);
    expect(isOutcomeCode('refused')).toBe(false);
    expect(isOutcomeCode('')).toBe(false);
    expect(outcomeByCode('granted').label).toBe('予以公开');
    expect(new Set(OUTCOMES.map((o) => o.label)).size).toBe(21);
  });
});

describe('legal basis', () => {
  it('cites only articles, paragraphs and items that exist in the 条例', () => {
    if (!existsSync(regulationPath)) {
      throw new Error(`缺少条例文本 ${regulationPath}（shared/reference/ogi-regulation-2019.md），无法核对法律依据`);
    }
    const regulation = parseRegulation(readFileSync(regulationPath, 'utf8'));
    expect(regulation.get(29)).toEqual([[], [1, 2, 3]]);
    expect(regulation.get(36)).toEqual([[1, 2, 3, 4, 5, 6, 7]]);
    expect(regulation.get(16)).toHaveLength(2);
    expect(regulation.size).toBe(56);
    const citation = /第([一二三四五六七八九十]+)条(?:第([一二三四五六七八九十]+)款)?(?:第（([一二三四五六七八九十]+)）项)?/g;
    for (const o of OUTCOMES) {
      if (o.basis === null) {
        expect(o.code).toBe('other.other');
        continue;
      }
      expect(o.basis.startsWith('《中华人民共和国政府信息公开条例》'), o.code).toBe(true);
      const found = [...o.basis.matchAll(citation)];
      expect(found.length, o.code).toBeGreaterThan(0);
      for (const [text, art, para, item] of found) {
        const paragraphs = regulation.get(toNumber(art));
        expect(paragraphs, `${o.code}: ${text}`).toBeDefined();
        if (para) expect(paragraphs!.length, `${o.code}: ${text}`).toBeGreaterThanOrEqual(toNumber(para));
        if (item) {
          const items = para ? paragraphs![toNumber(para) - 1] : paragraphs!.flat();
          expect(items, `${o.code}: ${text}`).toContain(toNumber(item));
        }
      }
    }
  });

  it('cites the provision that governs each decision', () => {
    const basis = (code: (typeof OUTCOME_CODES)[number]) => outcomeByCode(code).basis ?? '';
    expect(basis('granted')).toContain('第三十六条第（二）项');
    expect(basis('partial')).toContain('第三十七条');
    for (const code of ['refused.state_secret', 'refused.prohibited_by_law', 'refused.three_safeties'] as const) {
      expect(basis(code)).toContain('第十四条');
      expect(basis(code)).toContain('第三十六条第（三）项');
    }
    expect(basis('refused.third_party')).toContain('第十五条');
    expect(basis('refused.internal_affairs')).toContain('第十六条第一款');
    expect(basis('refused.process_info')).toContain('第十六条第二款');
    expect(basis('refused.enforcement_file')).toContain('第十六条第二款');
    expect(basis('refused.inquiry_matter')).toContain('第三十六条第（七）项');
    expect(basis('unavailable.not_held')).toContain('第三十六条第（四）项');
    expect(basis('unavailable.needs_creation')).toContain('第三十八条');
    expect(basis('unavailable.unclear_after_supplement')).toContain('第三十条');
    expect(basis('not_processed.petition')).toContain('第三十九条第一款');
    expect(basis('not_processed.duplicate')).toContain('第三十六条第（六）项');
    expect(basis('not_processed.publication')).toContain('第三十九条第二款');
    expect(basis('not_processed.excessive')).toContain('第三十五条');
    expect(basis('other.no_supplement')).toContain('第三十条');
    expect(basis('other.fee_unpaid')).toContain('第四十二条');
  });

  it('states the basis in each notice paragraph, using only the known placeholders', () => {
    for (const o of OUTCOMES) {
      if (o.basis) expect(o.noticeText, o.code).toContain(o.basis);
      expect(o.noticeText, o.code).toContain('{description}');
      const placeholders = o.noticeText.match(/\{[^}]*\}/g) ?? [];
      for (const p of placeholders) expect(['{applicant}', '{receivedOn}', '{description}'], o.code).toContain(p);
    }
  });

  it('the remedy sentence cites 第五十一条 with the 60-day and 6-month limits', () => {
    expect(REMEDY_TEXT).toContain('第五十一条');
    expect(REMEDY_TEXT).toContain('六十日内');
    expect(REMEDY_TEXT).toContain('行政复议');
    expect(REMEDY_TEXT).toContain('六个月内');
    expect(REMEDY_TEXT).toContain('行政诉讼');
  });
});

describe('renderReplyNotice', () => {
  const base = {
    applicant: '张某某',
    receivedOn: '2025-09-25',
    description: '2024年海门区老旧小区改造项目清单',
    reference: 'YSQ2025-000123',
    agencyName: '南通市海门区人民政府办公室',
    decidedOn: '2025-10-20',
  };

  it('renders every outcome with the applicant, reference, basis and no placeholder left', () => {
    for (const o of OUTCOMES) {
      const notice = renderReplyNotice({ ...base, outcome: o.code, replyText: '具体说明。' });
      const text = notice.paragraphs.join('\n');
      expect(notice.title).toBe('政府信息公开申请答复告知书');
      expect(text, o.code).toContain('YSQ2025-000123');
      expect(text, o.code).toContain('张某某');
      expect(text, o.code).toContain(base.description);
      if (o.basis) expect(text, o.code).toContain(o.basis);
      expect(text, o.code).not.toMatch(/\{[^}]*\}/);
    }
  });

  it('lays out addressee, facts, decision, handler text, remedy, agency and date', () => {
    const notice = renderReplyNotice({
      ...base,
      outcome: 'unavailable.not_held',
      replyText: '本机关检索了2024年度收发文登记。\n\n您可以向区住房和城乡建设局咨询。',
    });
    expect(notice.paragraphs).toEqual([
      '张某某：',
      '本机关于2025年9月25日收到您提出的政府信息公开申请（申请编号：YSQ2025-000123）。现答复如下：',
      '经检索，本机关没有制作或者获取您申请获取的“2024年海门区老旧小区改造项目清单”。根据《中华人民共和国政府信息公开条例》第三十六条第（四）项的规定，现告知您该政府信息不存在。',
      '本机关检索了2024年度收发文登记。',
      '您可以向区住房和城乡建设局咨询。',
      REMEDY_TEXT,
      '南通市海门区人民政府办公室',
      '2025年10月20日',
    ]);
  });

  it('keeps dates that are already written out, and does not expand placeholders typed by the applicant', () => {
    const notice = renderReplyNotice({
      ...base,
      outcome: 'granted',
      receivedOn: '2025年9月25日',
      description: '关于{applicant}的说明',
    });
    expect(notice.paragraphs[1]).toContain('2025年9月25日');
    expect(notice.paragraphs[2]).toContain('“关于{applicant}的说明”');
  });

  it('requires the handler text where the standard paragraph is not enough', () => {
    expect(outcomeByCode('partial').needsReplyText).toBe(true);
    expect(outcomeByCode('other.other').needsReplyText).toBe(true);
    expect(outcomeByCode('granted').needsReplyText).toBe(false);
    for (const outcome of ['partial', 'other.other'] as const) {
      let error: unknown;
      try {
        renderReplyNotice({ ...base, outcome, replyText: '  \n ' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect(Object.keys((error as ValidationError).fields)).toEqual(['replyText']);
    }
  });

  it('rejects empty required fields', () => {
    expect(() => renderReplyNotice({ ...base, outcome: 'granted', applicant: ' ', reference: '' })).toThrow(ValidationError);
    try {
      renderReplyNotice({ ...base, outcome: 'granted', applicant: ' ', reference: '' });
    } catch (e) {
      expect((e as ValidationError).fields).toEqual({ applicant: '此项不能为空', reference: '此项不能为空' });
    }
  });
});
