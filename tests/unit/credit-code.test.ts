import { describe, expect, it } from 'vitest';
import {
  creditCodeCheckChar,
  creditCodeProblem,
  isValidCreditCode,
  normalizeCreditCode,
} from '../../src/domain/credit-code.ts';

const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Independent check: weights 3^i mod 31, C18 = 31 - (sum mod 31), 31 → 0. */
function withCheck(first17: string): string {
  let sum = 0;
  let weight = 1;
  for (const c of first17) {
    sum += CHARS.indexOf(c) * weight;
    weight = (weight * 3) % 31;
  }
  const c = 31 - (sum % 31);
  return first17 + CHARS[c === 31 ? 0 : c];
}

describe('credit code', () => {
  it('accepts the GB 32100 sample 91350100M000100Y43', () => {
    expect(withCheck('91350100M000100Y4')).toBe('91350100M000100Y43');
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
  });

  it('accepts lower-case input and normalises it', () => {
    expect(isValidCreditCode(' 91350100m000100y43 ')).toBe(true);
    expect(normalizeCreditCode(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
  });

  it('accepts codes of several registration authorities with independently computed checks', () => {
    const samples = [
      withCheck('91320684MA1XY2012'), // 企业, 海门
      withCheck('12320684466000123'), // 事业单位
      withCheck('51320684MJ0000011'), // 社会团体
      withCheck('52320684MJ0000027'), // 民办非企业单位
      withCheck('92320684MA0000031'), // 个体工商户
      withCheck('N2320684MF0000045'), // 村级集体经济组织
      withCheck('31320000MD0000019'), // 律师事务所
      withCheck('Y1320684MH0000051'),
    ];
    for (const code of samples) {
      expect(code).toHaveLength(18);
      expect(creditCodeCheckChar(code), code).toBe(code[17]);
      expect(creditCodeProblem(code), code).toBeNull();
    }
  });

  it('covers the check character 0 (sum mod 31 = 0)', () => {
    let found = '';
    for (let n = 0; n < 1000 && !found; n++) {
      const code = withCheck(`91320684MA${String(n).padStart(7, '0')}`);
      if (code.endsWith('0')) found = code;
    }
    expect(found).not.toBe('');
    expect(isValidCreditCode(found)).toBe(true);
  });

  it('rejects a changed check character or a changed body character', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe('统一社会信用代码校验位不正确，请核对');
    expect(creditCodeProblem('91350100M000100Y4Y')).toBe('统一社会信用代码校验位不正确，请核对');
    expect(isValidCreditCode('91350100M000101Y43')).toBe(false);
  });

  it('rejects the letters I, O, Z, S and V', () => {
    for (const letter of 'IOZSV') {
      expect(creditCodeProblem(`91350100M000100${letter}43`), letter).toBe(
        '统一社会信用代码不使用字母I、O、Z、S、V，请核对',
      );
      expect(creditCodeProblem(`91350100M000100${letter.toLowerCase()}43`), letter).not.toBeNull();
    }
    expect(creditCodeProblem('91350100M000100-43')).toBe('统一社会信用代码只能由数字和大写英文字母组成');
  });

  it('rejects wrong lengths', () => {
    expect(creditCodeProblem('')).toBe('请填写统一社会信用代码');
    expect(creditCodeProblem('91350100M000100Y4')).toBe('统一社会信用代码应为18位');
    expect(creditCodeProblem('91350100M000100Y433')).toBe('统一社会信用代码应为18位');
    expect(creditCodeProblem('M000100Y4')).toBe('统一社会信用代码应为18位'); // old 组织机构代码
  });

  it('rejects an unknown registration authority, institution category or area code', () => {
    expect(creditCodeProblem(withCheck('B1350100M000100Y4'))).toBe('统一社会信用代码第1位（登记管理部门代码）无效');
    expect(creditCodeProblem(withCheck('01350100M000100Y4'))).toBe('统一社会信用代码第1位（登记管理部门代码）无效');
    expect(creditCodeProblem(withCheck('90350100M000100Y4'))).toBe('统一社会信用代码第2位（机构类别代码）无效');
    expect(creditCodeProblem(withCheck('9A350100M000100Y4'))).toBe('统一社会信用代码第2位（机构类别代码）无效');
    expect(creditCodeProblem(withCheck('9135A100M000100Y4'))).toBe(
      '统一社会信用代码第3至8位（登记管理机关行政区划码）应为数字',
    );
  });
});
