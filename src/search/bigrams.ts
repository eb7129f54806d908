// How case text is cut into search terms. Chinese has no spaces between words, so a word-based index
// finds nothing inside a sentence, and a trigram index cannot find the many two-character words (噪音,
// 施工). So the text is split into runs of word characters (CJK ideographs, ASCII letters and digits),
// each run into its overlapping pairs of characters, lower-cased; a longer term is the phrase of its
// pairs. Between two runs (and between two fields) stands GAP, a term no pair can equal, so a phrase
// never joins pairs across punctuation or fields: for a search made of word characters only, "the
// phrase is in the index" means exactly "the text contains the search" (ASCII case aside).
//
// The same cut serves the documents (SQLite: case_search_document, registered on each connection by
// openDatabase and called by the triggers; PostgreSQL: the SQL function of the same name in the
// migration, which must cut identically) and the queries, so they always agree.

/** Three letters: never one of the two-character terms. */
export const GAP = 'zzz';

const WORD_RUNS = /[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]+/g;

/** The runs of word characters of `text`, in order. */
function wordRuns(text: string): string[] {
  return text.match(WORD_RUNS) ?? [];
}

/** True when `text` is one run of word characters: its phrase alone decides whether a text contains it. */
export function isWordRun(text: string): boolean {
  const runs = wordRuns(text);
  return runs.length === 1 && runs[0] === text;
}

/** The search terms of `text`: each run's pairs, GAP between runs. */
export function searchTerms(text: string): string[] {
  const out: string[] = [];
  wordRuns(text).forEach((run, i) => {
    if (i > 0) out.push(GAP);
    for (let j = 0; j + 1 < run.length; j++) out.push(run.slice(j, j + 2).toLowerCase());
  });
  return out;
}

/** True when the terms hold a pair to look up (a single character or punctuation holds none). */
export function hasPair(terms: readonly string[]): boolean {
  return terms.some((t) => t !== GAP);
}

/** What the index holds for a case: the terms of each field, GAP between fields, space-separated. */
export function searchDocument(...fields: Array<string | null>): string {
  return fields.map((f) => (f ? searchTerms(f).join(' ') : '')).join(` ${GAP} `);
}

/**
 * The terms as a department's own: 噪音 of department 7 is d7噪音. A clerk's search then reads only the
 * department's matches, however common the word is elsewhere. (The pair is always the last two
 * characters, so no two departments' terms can be equal.)
 */
export function departmentTerms(terms: readonly string[], departmentId: number): string[] {
  return terms.map((t) => `d${departmentId}${t}`);
}

/** SQLite's index document: the terms for the office's search, then the department's own (if it has one). */
export function searchIndexDocument(subject: string | null, content: string | null, applicantName: string | null, departmentId: number | null): string {
  const plain = searchDocument(subject, content, applicantName);
  return departmentId === null ? plain : `${plain} ${GAP} ${departmentTerms(plain.split(' ').filter(Boolean), departmentId).join(' ')}`;
}
