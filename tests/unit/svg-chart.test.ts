import { describe, expect, it } from 'vitest';
import { BarChart, describeChart, layoutBarChart, type BarChartData } from '../../views/stats/chart.tsx';

const DATA: BarChartData = {
  categories: ['2026年1月', '2026年2月', '2026年3月'],
  axisLabels: ['1月', '2月', '3月'],
  unit: '件',
  series: [
    { name: '受理', values: [40, 10, 0], color: '#1d5c96' },
    { name: '办结', values: [20, 35, 5], color: '#b35900' },
  ],
};

async function render(data: BarChartData, title = '各月受理和办结件数') {
  // A .ts file has no JSX: the component is called as the function it is.
  return String(await BarChart({ id: 'c1', title, data }).toString());
}

describe('layoutBarChart', () => {
  it('draws bars proportional to their values on a round axis', () => {
    const layout = layoutBarChart(DATA);
    expect(layout.axisMax).toBe(40);
    const bar = (series: number, category: number) => layout.bars.find((b) => b.series === series && b.category === category)!;
    expect(bar(0, 0).height).toBeCloseTo(layout.plot.height);
    expect(bar(0, 1).height / bar(0, 0).height).toBeCloseTo(10 / 40);
    expect(bar(1, 1).height / bar(1, 0).height).toBeCloseTo(35 / 20);
    expect(bar(0, 2).height).toBe(0);
    // Every bar stands on the axis.
    for (const b of layout.bars) expect(b.y + b.height).toBeCloseTo(layout.plot.top + layout.plot.height);
    // Groups left to right, series side by side within a group.
    expect(bar(0, 0).x).toBeLessThan(bar(1, 0).x);
    expect(bar(1, 0).x).toBeLessThan(bar(0, 1).x);
    expect(layout.ticks.map((t) => t.value)).toEqual([0, 10, 20, 30, 40]);
  });

  it('rounds the axis up to 1, 2 or 5 times a power of ten and copes with nothing to draw', () => {
    expect(layoutBarChart({ categories: ['a'], series: [{ name: 's', values: [173], color: '#000' }] }).axisMax).toBe(200);
    expect(layoutBarChart({ categories: ['a'], series: [{ name: 's', values: [3], color: '#000' }] }).axisMax).toBe(3);
    const empty = layoutBarChart({ categories: ['a', 'b'], series: [{ name: 's', values: [0, 0], color: '#000' }] });
    expect(empty.axisMax).toBe(1);
    expect(empty.bars.every((b) => b.height === 0)).toBe(true);
  });

  it('labels every n-th group when there are more than twelve', () => {
    const categories = Array.from({ length: 36 }, (_, i) => `m${i}`);
    const layout = layoutBarChart({ categories, series: [{ name: 's', values: categories.map(() => 1), color: '#000' }] });
    expect(layout.labels.map((l) => l.text)).toEqual(['m0', 'm3', 'm6', 'm9', 'm12', 'm15', 'm18', 'm21', 'm24', 'm27', 'm30', 'm33']);
  });
});

describe('BarChart', () => {
  it('is an image named by its title and described by every figure', async () => {
    const svg = await render(DATA);
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('aria-labelledby="c1-title c1-desc"');
    expect(svg).toContain('<title id="c1-title">各月受理和办结件数</title>');
    expect(svg).toContain(`<desc id="c1-desc">${describeChart(DATA)}</desc>`);
    expect(describeChart(DATA)).toBe('2026年1月：受理 40 件，办结 20 件；2026年2月：受理 10 件，办结 35 件；2026年3月：受理 0 件，办结 5 件');
    // One rect per bar plus one legend swatch per series; the legend names each series in text.
    expect(svg.match(/<rect /g)).toHaveLength(6 + 2);
    expect(svg).toContain('>受理</text>');
    expect(svg).toContain('>1月</text>');
  });

  it('escapes text it is given, such as a department name with markup', async () => {
    const svg = await render(
      { categories: ['<script>alert(1)</script>', 'A&B"'], unit: '件', series: [{ name: '<b>受理</b>', values: [1, 2], color: '#000' }] },
      '<img src=x onerror=alert(1)>',
    );
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('A&amp;B&quot;');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
