// 统一社会信用代码 (GB 32100-2015): 登记管理部门代码, 机构类别代码, 6-digit area code, 9-character organisation code, check character.

/** The 31 characters of the code; I, O, Z, S and V are left out because they are easily confused with digits. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 市场监管（工商）, A 中央军委改革和编制办公室, N 农业, Y 其他. */
const REGISTRATION_AUTHORITIES = new Set('123456789ANY');

/** Weight of position i (0-based) is 3^i mod 31. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Trims and upper-cases, so a code typed in lower case is accepted. */
export function normalizeCreditCode(s: string): string {
  return s.trim().toUpperCase();
}

/** Check character for the first 17 characters (all from the code's alphabet). */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** The first rule the code breaks, as a message for the form, or null when it is valid. */
export function creditCodeProblem(s: string): string | null {
  const code = normalizeCreditCode(s);
  if (code === '') return '请填写统一社会信用代码';
  if (code.length !== 18) return '统一社会信用代码应为18位';
  if (/[IOZSV]/.test(code)) return '统一社会信用代码不使用字母I、O、Z、S、V，请核对';
  if ([...code].some((c) => !ALPHABET.includes(c))) return '统一社会信用代码只能由数字和大写英文字母组成';
  if (!REGISTRATION_AUTHORITIES.has(code[0])) return '统一社会信用代码第1位（登记管理部门代码）无效';
  // Every 机构类别代码 in the standard is a digit 1–9; which ones a department uses is not checked here.
  if (!/^[1-9]$/.test(code[1])) return '统一社会信用代码第2位（机构类别代码）无效';
  if (!/^\d{6}$/.test(code.slice(2, 8))) return '统一社会信用代码第3至8位（登记管理机关行政区划码）应为数字';
  if (creditCodeCheckChar(code) !== code[17]) return '统一社会信用代码校验位不正确，请核对';
  return null;
}

export function isValidCreditCode(s: string): boolean {
  return creditCodeProblem(s) === null;
}
