// Mainland mobile numbers and postcodes as citizens type them into the forms.

const MOBILE = /^1[3-9]\d{9}$/;

/** Spaces (also the full-width one) and hyphens people put between digit groups. */
const SEPARATORS = /[\s\-－]/g;

/** Separators and a country prefix removed; the prefix only counts when 11 digits follow it. */
function stripMobile(s: string): string {
  return s.replace(SEPARATORS, '').replace(/^(?:\+86|0086|86)(?=\d{11}$)/, '');
}

/** The 11-digit number, or null when the input is not a mainland mobile number. */
export function normalizeMobile(s: string): string | null {
  const digits = stripMobile(s);
  return MOBILE.test(digits) ? digits : null;
}

export function mobileProblem(s: string): string | null {
  const digits = stripMobile(s);
  if (digits === '') return '请填写手机号码';
  if (!/^\d+$/.test(digits)) return '手机号码只能包含数字';
  if (digits.length !== 11) return '请填写11位手机号码';
  if (!MOBILE.test(digits)) return '手机号码号段不正确，应以13至19开头，请核对';
  return null;
}

/** For lists and exports (个人信息保护): 138****5678. Other input keeps its first 3 and last 4 characters. */
export function maskMobile(s: string): string {
  const n = normalizeMobile(s) ?? s.trim();
  if (n.length <= 7) return '*'.repeat(n.length);
  return n.slice(0, 3) + '*'.repeat(n.length - 7) + n.slice(-4);
}

/** 邮政编码: 6 digits; mainland codes start with 0–8. */
export function postcodeProblem(s: string): string | null {
  const code = s.trim();
  if (code === '') return '请填写邮政编码';
  if (!/^\d{6}$/.test(code)) return '邮政编码应为6位数字';
  if (code[0] === '9') return '邮政编码首位应为0至8，请核对';
  return null;
}
