// A grouped bar chart drawn on the server as SVG: no script, works everywhere, readable by screen
// readers through its <title>/<desc> (which also lists every figure). The page puts the same
// figures in a table beside it. The geometry is a pure function so tests can check the bars.

export interface ChartSeries {
  name: string;
  values: number[];
  /** Fill colour; each series also carries its name in the legend, so colour is never the only cue. */
  color: string;
}

export interface BarChartData {
  /** What each group is, e.g. 2026年1月: in the text alternative and the bars' tooltips. */
  categories: string[];
  /** Shorter labels under the groups (e.g. 1月); the categories themselves when absent. */
  axisLabels?: string[];
  series: ChartSeries[];
  /** Appended to each figure in the text alternative, e.g. 件. */
  unit: string;
}

export interface Bar {
  series: number;
  category: number;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BarChartLayout {
  width: number;
  height: number;
  plot: { left: number; top: number; width: number; height: number };
  /** The top of the value axis: a round number at or above the largest value. */
  axisMax: number;
  ticks: Array<{ value: number; y: number }>;
  bars: Bar[];
  labels: Array<{ text: string; x: number }>;
}

const WIDTH = 720;
const HEIGHT = 300;
const MARGIN = { top: 36, right: 12, bottom: 40, left: 52 };
const TICKS = 5;

/** The smallest step of 1, 2 or 5 × 10^k (at least 1: counts are whole) giving at most TICKS steps. */
function tickStep(max: number): number {
  const raw = Math.max(max / TICKS, 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * magnitude >= raw) return m * magnitude;
  return 10 * magnitude;
}

/** At most this many labels under the axis; with more groups every n-th is labelled. */
const MAX_AXIS_LABELS = 12;

export function layoutBarChart(data: Pick<BarChartData, 'categories' | 'series' | 'axisLabels'>): BarChartLayout {
  const plot = { left: MARGIN.left, top: MARGIN.top, width: WIDTH - MARGIN.left - MARGIN.right, height: HEIGHT - MARGIN.top - MARGIN.bottom };
  const max = Math.max(0, ...data.series.flatMap((s) => s.values));
  const step = tickStep(max);
  const axisMax = Math.max(step, Math.ceil(max / step) * step);
  const yOf = (value: number) => plot.top + plot.height - (value / axisMax) * plot.height;

  const groupWidth = plot.width / Math.max(data.categories.length, 1);
  // A fifth of each group is the gap between groups; the rest is shared by the series' bars.
  const barWidth = (groupWidth * 0.8) / Math.max(data.series.length, 1);
  const bars: Bar[] = [];
  data.categories.forEach((_, c) => {
    data.series.forEach((s, i) => {
      const value = s.values[c] ?? 0;
      const height = (value / axisMax) * plot.height;
      bars.push({ series: i, category: c, value, x: plot.left + c * groupWidth + groupWidth * 0.1 + i * barWidth, y: plot.top + plot.height - height, width: barWidth, height });
    });
  });
  const ticks = Array.from({ length: Math.round(axisMax / step) + 1 }, (_, i) => ({ value: i * step, y: yOf(i * step) }));
  const every = Math.ceil(data.categories.length / MAX_AXIS_LABELS);
  const labels = (data.axisLabels ?? data.categories)
    .map((text, c) => ({ text, x: plot.left + (c + 0.5) * groupWidth }))
    .filter((_, c) => c % every === 0);
  return { width: WIDTH, height: HEIGHT, plot, axisMax, ticks, bars, labels };
}

/** Every figure in words, for the text alternative: "1月：受理 20 件，办结 18 件；2月：…". */
export function describeChart(data: BarChartData): string {
  return data.categories
    .map((category, c) => `${category}：${data.series.map((s) => `${s.name} ${s.values[c] ?? 0} ${data.unit}`).join('，')}`)
    .join('；');
}

const round = (n: number) => Math.round(n * 10) / 10;

export function BarChart({ id, title, data }: { id: string; title: string; data: BarChartData }) {
  const layout = layoutBarChart(data);
  const { plot } = layout;
  const bottom = plot.top + plot.height;
  return (
    <svg
      id={id}
      class="chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
      font-size="13"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{describeChart(data)}</desc>
      {layout.ticks.map((t) => (
        <g>
          <line x1={plot.left} x2={plot.left + plot.width} y1={round(t.y)} y2={round(t.y)} stroke="#d0d0d0" stroke-width="1" />
          <text x={plot.left - 6} y={round(t.y) + 4} text-anchor="end" fill="#333">
            {t.value}
          </text>
        </g>
      ))}
      {layout.bars.map((b) => (
        <rect x={round(b.x)} y={round(b.y)} width={round(b.width)} height={round(b.height)} fill={data.series[b.series].color}>
          <title>{`${data.categories[b.category]} ${data.series[b.series].name} ${b.value} ${data.unit}`}</title>
        </rect>
      ))}
      <line x1={plot.left} x2={plot.left + plot.width} y1={bottom} y2={bottom} stroke="#333" stroke-width="1" />
      {layout.labels.map((l) => (
        <text x={round(l.x)} y={bottom + 18} text-anchor="middle" fill="#333">
          {l.text}
        </text>
      ))}
      {data.series.map((s, i) => (
        <g>
          <rect x={plot.left + i * 110} y={10} width={14} height={14} fill={s.color} />
          <text x={plot.left + i * 110 + 20} y={22} fill="#333">
            {s.name}
          </text>
        </g>
      ))}
    </svg>
  );
}
