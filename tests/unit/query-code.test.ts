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

  it('never repeat, nor do the salts of one code hashed again, across many draws', () => {
    // 2,000 codes and salts draw far more than one 4 KB pool of random bytes.
    const codes = Array.from({ length: 2000 }, generateQueryCode);
    expect(new Set(codes).size).toBe(codes.length);
    const salts = Array.from({ length: 2000 }, () => hashQueryCode('ABCDEFGHJKLM').split('$')[0]);
    expect(new Set(salts).size).toBe(salts.length);
  });

  it('open no imported case, whatever is typed', () => {
    for (const input of ['', '0', 'ABCDEFGHJKLM', '0'.repeat(64), `none$${'0'.repeat(64)}`]) {
      expect(verifyQueryCode(input, NO_QUERY_CODE_HASH)).toBe(false);
    }
  });
});
