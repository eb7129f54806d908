// Just enough HTML reading for integration tests: hono/jsx writes well-formed markup with
// double-quoted attributes, so elements can be found by id or name without a DOM library.

export interface Element {
  tag: string;
  attrs: Map<string, string>;
  /** The markup between the start and end tag ('' for void elements). */
  inner: string;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const START_TAG = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=/>]+(?:="[^"]*")?)*)\s*\/?>/g;

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_m, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' } as Record<string, string>)[lower];
  });
}

function parseAttrs(source: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of source.matchAll(/([^\s=/>]+)(?:="([^"]*)")?/g)) attrs.set(m[1].toLowerCase(), decodeEntities(m[2] ?? ''));
  return attrs;
}

/** Every element in document order, with its inner markup. */
export function allElements(html: string): Element[] {
  const found: Element[] = [];
  for (const m of html.matchAll(START_TAG)) {
    const tag = m[1].toLowerCase();
    const attrs = parseAttrs(m[2]);
    const afterStart = m.index + m[0].length;
    if (VOID.has(tag) || m[0].endsWith('/>')) {
      found.push({ tag, attrs, inner: '' });
      continue;
    }
    // Find the matching end tag, counting nested elements of the same name.
    const scan = new RegExp(`<(/?)${tag}(?=[\\s/>])[^>]*>`, 'gi');
    scan.lastIndex = afterStart;
    let depth = 1;
    let end = html.length;
    for (let t = scan.exec(html); t; t = scan.exec(html)) {
      depth += t[1] ? -1 : 1;
      if (depth === 0) {
        end = t.index;
        break;
      }
    }
    found.push({ tag, attrs, inner: html.slice(afterStart, end) });
  }
  return found;
}

export function byId(html: string, id: string): Element | undefined {
  const matches = allElements(html).filter((e) => e.attrs.get('id') === id);
  if (matches.length > 1) throw new Error(`id "${id}" is used ${matches.length} times`);
  return matches[0];
}

/** The text a reader sees (tags removed, entities decoded, white space collapsed). */
export function textOf(markup: string): string {
  return decodeEntities(markup.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/** The form controls posted under a name (input, select, textarea). */
export function controls(html: string, name: string): Element[] {
  return allElements(html).filter((e) => ['input', 'select', 'textarea'].includes(e.tag) && e.attrs.get('name') === name);
}

/** What the browser would submit for a field as the page stands ('' when nothing would be sent). */
export function formValue(html: string, name: string): string {
  const found = controls(html, name);
  if (found.length === 0) throw new Error(`no control named "${name}"`);
  const first = found[0];
  const type = first.attrs.get('type') ?? 'text';
  if (first.tag === 'textarea') return decodeEntities(first.inner.replace(/^\n/, ''));
  if (first.tag === 'select') {
    const options = allElements(first.inner).filter((e) => e.tag === 'option');
    const chosen = options.find((o) => o.attrs.has('selected')) ?? options[0];
    return chosen ? (chosen.attrs.get('value') ?? textOf(chosen.inner)) : '';
  }
  if (type === 'radio' || type === 'checkbox') {
    const checked = found.find((e) => e.attrs.has('checked'));
    return checked ? (checked.attrs.get('value') ?? 'on') : '';
  }
  return first.attrs.get('value') ?? '';
}

/** The texts of the elements a control's aria-describedby points to, joined. */
export function describedText(html: string, element: Element): string {
  const ids = (element.attrs.get('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => textOf(byId(html, id)?.inner ?? '')).join(' ');
}
