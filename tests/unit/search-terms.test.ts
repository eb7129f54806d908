// How text is cut for the full-text index: pairs of word characters, a gap term between runs and fields.
import { describe, expect, it } from 'vitest';
import { departmentTerms, GAP, hasPair, isWordRun, searchDocument, searchIndexDocument, searchTerms } from '../../src/search/bigrams.ts';

describe('searchTerms', () => {
  it('cuts Chinese into overlapping pairs, so a two-character word is one term', () => {
    expect(searchTerms('噪音很大')).toEqual(['噪音', '音很', '很大']);
    expect(searchTerms('噪音')).toEqual(['噪音']);
  });

  it('puts the gap term where punctuation or spaces break the text, never a pair across them', () => {
    expect(searchTerms('施工，噪音')).toEqual(['施工', GAP, '噪音']);
    expect(searchTerms('  夜间 施工 ')).toEqual(['夜间', GAP, '施工']);
  });

  it('lower-cases letters and keeps digits, mixed with ideographs', () => {
    expect(searchTerms('App闪退5G')).toEqual(['ap', 'pp', 'p闪', '闪退', '退5', '5g']);
  });

  it('has no pair to look up for one character or punctuation alone', () => {
    expect(hasPair(searchTerms('噪'))).toBe(false);
    expect(hasPair(searchTerms('噪，音'))).toBe(false);
    expect(hasPair(searchTerms('……'))).toBe(false);
    expect(hasPair(searchTerms('噪音'))).toBe(true);
  });

  it('treats full-width letters, symbols and characters beyond the basic planes as separators', () => {
    expect(searchTerms('ＡＢ全角')).toEqual(['全角']);
    expect(searchTerms('𠀀中文')).toEqual(['中文']);
  });
});

describe('isWordRun', () => {
  it('is true only for text made of word characters alone', () => {
    expect(isWordRun('噪音')).toBe(true);
    expect(isWordRun('XZ2026')).toBe(true);
    expect(isWordRun('噪音 施工')).toBe(false);
    expect(isWordRun('噪，音')).toBe(false);
    expect(isWordRun('')).toBe(false);
  });
});

describe('searchDocument', () => {
  it('joins the fields with the gap term, so a phrase never spans two fields', () => {
    expect(searchDocument('道路破损', '请维修', '张三')).toBe(`道路 路破 破损 ${GAP} 请维 维修 ${GAP} 张三`);
    expect(searchDocument('标题', null, '')).toBe(`标题 ${GAP}  ${GAP} `);
  });
});

describe('department terms', () => {
  it('makes each term a department own, so one department never matches another', () => {
    expect(departmentTerms(['噪音', GAP], 7)).toEqual(['d7噪音', `d7${GAP}`]);
    expect(searchIndexDocument('噪音', '', '', 12)).toBe(`噪音 ${GAP}  ${GAP}  ${GAP} d12噪音 d12${GAP} d12${GAP}`);
    expect(searchIndexDocument('噪音', '', '', null)).toBe(`噪音 ${GAP}  ${GAP} `);
  });
});
