// The 查询码: what a citizen is given opens the case, nothing else does, and a case imported without a
// code is opened by no input at all.
import { describe, expect, it } from 'vitest';
import { formatQueryCode, generateQueryCode, hashQueryCode, NO_QUERY_CODE_HASH, verifyQueryCode } from '../../src/cases/query-code.ts';

describe('query codes', () => {
  it('accept the code given, typed with hyphens, spaces or in lower case, and refuse another', () => {
    const code = generateQueryCode();
    const stored = hashQueryCode(code);
    expect(verifyQueryCode(code, stored)).toBe(true);
    expect(verifyQueryCode(formatQueryCode(code).toLowerCase().replace(/-/g, ' - '), stored)).toBe(true);
    expect(verifyQueryCode(generateQueryCode(), stored)).toBe(false);
  });

  it('open no imported case, whatever is typed', () => {
    for (const input of ['', '0', 'ABCDEFGHJKLM', '0'.repeat(64), `none$${'0'.repeat(64)}`]) {
      expect(verifyQueryCode(input, NO_QUERY_CODE_HASH)).toBe(false);
    }
  });
});
