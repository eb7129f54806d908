// How case text is cut into search terms. Chinese has no spaces between words, so a word-based index
// finds nothing inside a sentence, and a trigram index cannot find the many two-character words (噪音,
// 施工). So the text is split into runs of word characters (CJK ideographs, ASCII letters and digits),
// each run into its overlapping pairs of characters, lower-cased, and its end: the last character
// followed by END (噪音很大 → 噪音 音很 很大 大zz). A longer search is the phrase of its pairs.
//
// The end terms do two jobs. No pair can equal one (they have three characters), so a phrase never
// joins pairs across punctuation or fields: for a search made of word characters only, "the phrase is
// in the index" means exactly "the text contains the search" (ASCII case aside). And every character of
// a text begins a term, a pair or an end, so one character is the prefix query 噪*: the index finds it
// as well as a word.
//
// The same cut serves the documents (SQLite: case_search_document, registered on each connection by
// openDatabase and called by the triggers; PostgreSQL: the SQL function case_search_terms of the
// migrations, which must cut identically) and the queries, so they always agree.

/** Follows a run's last character in its end term (大zz). */
const END = 'zz';

const WORD_RUNS = /[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]+/g;
const IDEOGRAPH = /^[\u3400-\u4dbf\u4e00-\u9fff]$/;

/** Appends the overlapping pairs of a lower-cased run. */
function pushPairs(lower: string, out: string[]): void {
  for (let j = 0; j + 1 < lower.length; j++) out.push(lower.slice(j, j + 2));
}

/** Appends the terms of one whole run: its pairs, then its end. */
function pushRunTerms(run: string, out: string[]): void {
  const lower = run.toLowerCase();
  pushPairs(lower, out);
  out.push(lower[lower.length - 1] + END);
}

/** The terms the index holds for one field's text. */
export function documentTerms(text: string | null, out: string[] = []): string[] {
  if (text) for (const run of text.match(WORD_RUNS) ?? []) pushRunTerms(run, out);
  return out;
}

/**
 * The terms as a department's own: 噪音 of department 7 is d7q噪音. A clerk's search then reads only the
 * department's matches, however common the word is elsewhere. The q ends the number, so that no term
 * of one department equals or begins another's (d7q1zz and d71qzz).
 */
export function departmentTerms(terms: readonly string[], departmentId: number): string[] {
  return terms.map((t) => `d${departmentId}q${t}`);
}

/** SQLite's index document: the terms for the office's search, then the department's own (if it has one). */
export function searchIndexDocument(subject: string | null, content: string | null, applicantName: string | null, departmentId: number | null): string {
  const terms = documentTerms(applicantName, documentTerms(content, documentTerms(subject)));
  const plain = terms.join(' ');
  if (departmentId === null || terms.length === 0) return plain;
  const prefix = `d${departmentId}q`;
  return `${plain} ${prefix}${terms.join(` ${prefix}`)}`;
}

/** How to ask the index for the cases whose text contains a search. */
export interface IndexQuery {
  /** The terms in order: a phrase. */
  terms: string[];
  /** The last term is a prefix: the search ends in a single character (噪 → 噪*, its pairs and its end). */
  prefix: boolean;
  /** The index alone decides: the search is word characters only. Otherwise a LIKE test must confirm. */
  exact: boolean;
}

/**
 * The index query for a search text, or null when the index cannot narrow it (nothing but punctuation,
 * or a single letter or digit: these are looked up by LIKE alone). A run that the text continues after
 * gets its end term (the text says that the run ends there); the last run gets its pairs, or, when it is
 * one ideograph, the prefix. Only ideographs are prefixes: d* would also match every department's terms.
 */
export function indexQuery(text: string): IndexQuery | null {
  const terms: string[] = [];
  let prefix = false;
  // The text is one run of word characters: then the phrase alone decides.
  let wholeRun = false;
  for (const m of text.matchAll(WORD_RUNS)) {
    const run = m[0];
    wholeRun = run.length === text.length;
    if (m.index + run.length < text.length) pushRunTerms(run, terms);
    else if (run.length > 1) pushPairs(run.toLowerCase(), terms);
    else if (IDEOGRAPH.test(run)) {
      terms.push(run);
      prefix = true;
    }
  }
  if (terms.length === 0) return null;
  return { terms, prefix, exact: wholeRun && (text.length > 1 || prefix) };
}
