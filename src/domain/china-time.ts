// Dates of record (受理, due, closed) are calendar dates in China Standard Time (UTC+8, no DST).
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The 'YYYY-MM-DD' date in China of an instant. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** '2026-11-26' → '2026年11月26日', as dates are written in notices. */
export function formatChineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** An instant shown in China time, e.g. '2026-11-26 14:05'. */
export function formatChinaDateTime(instant: string | Date): string {
  const t = typeof instant === 'string' ? new Date(instant) : instant;
  return new Date(t.getTime() + CST_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
