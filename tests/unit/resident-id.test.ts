import { describe, expect, it } from 'vitest';
import {
  isValidResidentId,
  maskResidentId,
  normalizeResidentId,
  residentIdCheckChar,
  residentIdProblem,
} from '../../src/domain/resident-id.ts';

/** Independent check: ISO 7064 MOD 11-2 with weights computed as 2^(17-i) mod 11. */
function withCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (sum % 11)) % 11;
  return first17 + (c === 10 ? 'X' : String(c));
}

/** Replaces the check character with a different, wrong one. */
function wrongCheck(id: string): string {
  return id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
}

const NOW = new Date('2025-10-15T04:00:00Z'); // 2025-10-15 12:00 in Beijing

describe('resident id', () => {
  it('accepts the GB 11643 sample 11010519491231002X, also with a lower-case x', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('11010519491231002x')).toBe(true);
    expect(isValidResidentId(' 11010519491231002X ')).toBe(true);
    expect(normalizeResidentId(' 11010519491231002x ')).toBe('11010519491231002X');
  });

  it('accepts numbers whose check character was computed independently', () => {
    const samples = [
      withCheck('32068419850312123'), // 海门
      withCheck('44030619991231456'),
      withCheck('65010220000229001'), // leap day
      withCheck('81000019000101001'), // 港澳台居民居住证, earliest allowed year
      withCheck('32068420251015001'), // born today
    ];
    for (const id of samples) {
      expect(residentIdCheckChar(id), id).toBe(id[17]);
      expect(residentIdProblem(id, NOW), id).toBeNull();
    }
  });

  it('covers every check character 0–9 and X', () => {
    const seen = new Set<string>();
    for (let seq = 0; seq < 200 && seen.size < 11; seq++) {
      const id = withCheck(`32068419850312${String(seq).padStart(3, '0')}`);
      seen.add(id[17]);
      expect(isValidResidentId(id, NOW), id).toBe(true);
    }
    expect(seen.size).toBe(11);
  });

  it('rejects a wrong check character', () => {
    expect(residentIdProblem('110105194912310021')).toBe('身份证号码校验位不正确，请核对');
    expect(isValidResidentId(wrongCheck(withCheck('32068419850312123')))).toBe(false);
  });

  it('rejects wrong lengths and characters', () => {
    expect(residentIdProblem('11010519491231002')).toBe('身份证号码应为18位');
    expect(residentIdProblem('11010519491231002X1')).toBe('身份证号码应为18位');
    expect(residentIdProblem('110105491231002')).toBe('身份证号码应为18位'); // old 15-digit number
    expect(residentIdProblem('')).toBe('请填写身份证号码');
    expect(residentIdProblem('1101051949123100XX')).toBe('身份证号码前17位应为数字，最后一位应为数字或X');
    expect(residentIdProblem('11010519491231002Y')).toBe('身份证号码前17位应为数字，最后一位应为数字或X');
  });

  it('rejects impossible, future and pre-1900 birth dates', () => {
    const bad = '身份证号码中的出生日期无效';
    expect(residentIdProblem(withCheck('32068419990230123'), NOW)).toBe(bad); // 30 Feb
    expect(residentIdProblem(withCheck('32068419000229123'), NOW)).toBe(bad); // 1900 is not a leap year
    expect(residentIdProblem(withCheck('32068419991301123'), NOW)).toBe(bad);
    expect(residentIdProblem(withCheck('32068419990100123'), NOW)).toBe(bad);
    expect(residentIdProblem(withCheck('32068418991231123'), NOW)).toBe(bad);
    expect(residentIdProblem(withCheck('32068420251016123'), NOW)).toBe(bad); // tomorrow
    expect(residentIdProblem(withCheck('32068420300101123'))).toBe(bad);
  });

  it('uses the Beijing date to decide what is in the future', () => {
    const id = withCheck('32068420251016123');
    expect(isValidResidentId(id, new Date('2025-10-15T15:59:00Z'))).toBe(false);
    expect(isValidResidentId(id, new Date('2025-10-15T16:01:00Z'))).toBe(true); // 00:01 on 16 Oct in Beijing
  });

  it('rejects unknown province codes', () => {
    for (const p of ['99', '00', '10', '16', '24', '38', '47', '55', '66', '72', '84', '91']) {
      expect(residentIdProblem(withCheck(`${p}068419850312123`), NOW), p).toBe('身份证号码前两位（省级行政区划代码）无效');
    }
    for (const p of ['11', '15', '21', '23', '31', '37', '41', '46', '50', '54', '61', '65', '71', '82', '83']) {
      expect(isValidResidentId(withCheck(`${p}068419850312123`), NOW), p).toBe(true);
    }
  });

  it('masks all but the first 3 and last 4 characters', () => {
    expect(maskResidentId('11010519491231002x')).toBe('110***********002X');
    expect(maskResidentId('1234567')).toBe('*******');
  });
});
