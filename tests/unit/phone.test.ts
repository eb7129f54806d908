import { describe, expect, it } from 'vitest';
import { maskMobile, mobileProblem, normalizeMobile, postcodeProblem } from '../../src/domain/phone.ts';

describe('mobile number', () => {
  it('normalises spacing, hyphens and the country prefix', () => {
    expect(normalizeMobile('13812345678')).toBe('13812345678');
    expect(normalizeMobile('138 1234 5678')).toBe('13812345678');
    expect(normalizeMobile('138-1234-5678')).toBe('13812345678');
    expect(normalizeMobile('138　1234　5678')).toBe('13812345678');
    expect(normalizeMobile('+86 138 1234 5678')).toBe('13812345678');
    expect(normalizeMobile('+86-13812345678')).toBe('13812345678');
    expect(normalizeMobile('0086 13812345678')).toBe('13812345678');
    expect(normalizeMobile('8613812345678')).toBe('13812345678');
    expect(normalizeMobile(' 19912345678 ')).toBe('19912345678');
  });

  it('returns null for anything that is not a mainland mobile number', () => {
    for (const s of ['', '1381234567', '138123456789', '12812345678', '10012345678', '23812345678', '0513-82345678', '+85291234567', '138123456ab', '+8612812345678']) {
      expect(normalizeMobile(s), s).toBeNull();
      expect(mobileProblem(s), s).not.toBeNull();
    }
  });

  it('explains the problem in Chinese', () => {
    expect(mobileProblem('13812345678')).toBeNull();
    expect(mobileProblem('+86 138-1234-5678')).toBeNull();
    expect(mobileProblem('  ')).toBe('请填写手机号码');
    expect(mobileProblem('138123456ab')).toBe('手机号码只能包含数字');
    expect(mobileProblem('1381234567')).toBe('请填写11位手机号码');
    expect(mobileProblem('138123456789')).toBe('请填写11位手机号码');
    expect(mobileProblem('12812345678')).toBe('手机号码号段不正确，应以13至19开头，请核对');
  });

  it('masks the middle four digits', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskMobile('+86 138 1234 5678')).toBe('138****5678');
    expect(maskMobile('82345678')).toBe('823*5678');
    expect(maskMobile('12345')).toBe('*****');
  });
});

describe('postcode', () => {
  it('accepts 6 digits starting with 0–8', () => {
    for (const s of ['226100', '010010', '100000', '830000', ' 226100 ']) expect(postcodeProblem(s), s).toBeNull();
  });

  it('rejects other input', () => {
    expect(postcodeProblem('')).toBe('请填写邮政编码');
    expect(postcodeProblem('22610')).toBe('邮政编码应为6位数字');
    expect(postcodeProblem('2261000')).toBe('邮政编码应为6位数字');
    expect(postcodeProblem('22610a')).toBe('邮政编码应为6位数字');
    expect(postcodeProblem('926100')).toBe('邮政编码首位应为0至8，请核对');
  });
});
