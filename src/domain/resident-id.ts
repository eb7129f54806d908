// 居民身份证号码 (GB 11643-1999): 6-digit area code, 8-digit birth date, 3-digit sequence, ISO 7064 MOD 11-2 check character.

/** First two digits of the area code: provinces, autonomous regions and municipalities (GB/T 2260), plus 71 台湾, 81 香港, 82 澳门 and 83 (台湾居民居住证). */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

/** Weight of position i (0-based) is 2^(17-i) mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** Trims and upper-cases the check character, so a typed lower-case x is accepted. */
export function normalizeResidentId(s: string): string {
  return s.trim().toUpperCase();
}

/** Check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  const check = (12 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** Today's date as YYYYMMDD in China Standard Time (UTC+8, no daylight saving): birth dates are Chinese dates. */
function chinaDateKey(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

function isRealBirthDate(yyyymmdd: string, now: Date): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this month.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth && yyyymmdd <= chinaDateKey(now);
}

/** The first rule the number breaks, as a message for the form, or null when it is valid. `now` is for tests. */
export function residentIdProblem(s: string, now: Date = new Date()): string | null {
  const id = normalizeResidentId(s);
  if (id === '') return '请填写身份证号码';
  if (id.length !== 18) return '身份证号码应为18位';
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号码前17位应为数字，最后一位应为数字或X';
  if (!PROVINCE_CODES.has(id.slice(0, 2))) return '身份证号码前两位（省级行政区划代码）无效';
  if (!isRealBirthDate(id.slice(6, 14), now)) return '身份证号码中的出生日期无效';
  if (residentIdCheckChar(id) !== id[17]) return '身份证号码校验位不正确，请核对';
  return null;
}

export function isValidResidentId(s: string, now: Date = new Date()): boolean {
  return residentIdProblem(s, now) === null;
}

/** For lists and exports (个人信息保护): first 3 and last 4 characters stay, e.g. 110***********002X. */
export function maskResidentId(s: string): string {
  const id = normalizeResidentId(s);
  if (id.length <= 7) return '*'.repeat(id.length);
  return id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4);
}
