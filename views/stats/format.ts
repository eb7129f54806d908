// How figures are printed on the statistics pages: rates with two decimals and a %, nothing to show as —.

export function formatPercent(rate: number | null): string {
  return rate === null ? '—' : `${rate.toFixed(2)}%`;
}

export function formatNumber(value: number | null): string {
  return value === null ? '—' : String(value);
}
