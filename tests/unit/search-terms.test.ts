// How text is cut for the full-text index: pairs of word characters and an end term per run; and how a
// search is asked of it.
import { describe, expect, it } from 'vitest';
import { departmentTerms, documentTerms, indexQuery, searchIndexDocument } from '../../src/search/bigrams.ts';

describe('documentTerms', () => {
  it('cuts Chinese into overlapping pairs, so a two-character word is one term, and ends the run', () => {
    expect(documentTerms('噪音很大')).toEqual(['噪音', '音很', '很大', '大zz']);
    expect(documentTerms('噪音')).toEqual(['噪音', '音zz']);
    expect(documentTerms('噪')).toEqual(['噪zz']);
  });

  it('ends each run where punctuation or spaces break the text, so no pair spans them', () => {
    expect(documentTerms('施工，噪音')).toEqual(['施工', '工zz', '噪音', '音zz']);
    expect(documentTerms('  夜间 施工 ')).toEqual(['夜间', '间zz', '施工', '工zz']);
  });

  it('lower-cases letters and keeps digits, mixed with ideographs', () => {
    expect(documentTerms('App闪退5G')).toEqual(['ap', 'pp', 'p闪', '闪退', '退5', '5g', 'gzz']);
  });

  it('treats full-width letters, symbols and characters beyond the basic planes as separators', () => {
    expect(documentTerms('ＡＢ全角')).toEqual(['全角', '角zz']);
    expect(documentTerms('𠀀中文')).toEqual(['中文', '文zz']);
    expect(documentTerms('……')).toEqual([]);
    expect(documentTerms(null)).toEqual([]);
  });
});

describe('department terms', () => {
  it('makes each term a department own, so one department never matches another', () => {
    expect(departmentTerms(['噪音', '音zz'], 7)).toEqual(['d7q噪音', 'd7q音zz']);
    expect(searchIndexDocument('噪音', '', '', 12)).toBe('噪音 音zz d12q噪音 d12q音zz');
    // The fields one after the other: the end terms keep a phrase from spanning two.
    expect(searchIndexDocument('道路破损', '请维修', '张三', null)).toBe('道路 路破 破损 损zz 请维 维修 修zz 张三 三zz');
    expect(searchIndexDocument('噪音', '', '', null)).toBe('噪音 音zz');
    expect(searchIndexDocument('', null, '', 12)).toBe('');
  });

  it('never gives two departments an equal term, nor one a term that begins with another department', () => {
    // Without the q, department 7's end term of 1 (d71zz) would be department 71's pair zz.
    const seven = departmentTerms(documentTerms('a1'), 7);
    const seventyOne = departmentTerms(documentTerms('zz'), 71);
    for (const a of seven) for (const b of seventyOne) expect(b.startsWith(a) || a.startsWith(b)).toBe(false);
  });
});

describe('indexQuery', () => {
  it('asks a word as the phrase of its pairs, which alone decides', () => {
    expect(indexQuery('噪音很大')).toEqual({ terms: ['噪音', '音很', '很大'], prefix: false, exact: true });
    expect(indexQuery('XZ2026')).toEqual({ terms: ['xz', 'z2', '20', '02', '26'], prefix: false, exact: true });
  });

  it('asks one ideograph as a prefix: every pair it begins and its end term', () => {
    expect(indexQuery('噪')).toEqual({ terms: ['噪'], prefix: true, exact: true });
  });

  it('gives a run that the text goes on after its end term, and leaves LIKE to confirm punctuation', () => {
    expect(indexQuery('施工，噪音')).toEqual({ terms: ['施工', '工zz', '噪音'], prefix: false, exact: false });
    expect(indexQuery('噪，音')).toEqual({ terms: ['噪zz', '音'], prefix: true, exact: false });
    expect(indexQuery('噪音 a')).toEqual({ terms: ['噪音', '音zz'], prefix: false, exact: false });
  });

  it('cannot narrow a single letter or digit, nor punctuation alone', () => {
    expect(indexQuery('a')).toBeNull();
    expect(indexQuery('5')).toBeNull();
    expect(indexQuery('……')).toBeNull();
  });

  it('finds in a document exactly the texts that contain the search', () => {
    // A brute-force check of the claim of bigrams.ts over short texts of three characters and a comma.
    const alphabet = ['噪', '音', 'a', '，'];
    const texts: string[] = [''];
    for (let length = 0; length < 4; length++) for (const t of [...texts]) for (const ch of alphabet) if (t.length === length) texts.push(t + ch);
    for (const search of texts.filter((t) => t.length > 0)) {
      const query = indexQuery(search);
      for (const text of texts) {
        const doc = documentTerms(text);
        const inIndex = query === null || containsPhrase(doc, query.terms, query.prefix);
        const contains = text.toLowerCase().includes(search.toLowerCase());
        if (contains) expect(inIndex, `${search} in ${text}`).toBe(true);
        if (query?.exact) expect(inIndex, `${search} in ${text}`).toBe(contains);
      }
    }
  });
});

function containsPhrase(doc: string[], terms: string[], prefix: boolean): boolean {
  for (let i = 0; i + terms.length <= doc.length; i++) {
    const ok = terms.every((t, k) => (prefix && k === terms.length - 1 ? doc[i + k]!.startsWith(t) : doc[i + k] === t));
    if (ok) return true;
  }
  return false;
}
