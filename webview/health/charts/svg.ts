// SVG built element by element with createElementNS and setAttribute: strings from a cluster go
// into text nodes (<text>, <title>), never into markup. Why no charting library: the page's CSP
// allows no inline style, no 'unsafe-eval' and only Trusted-Types-checked HTML sinks, which rules
// out libraries that inject <style>, set style="" or compile templates; a few hundred lines of SVG
// are cheaper than a 200 KB dependency; and a holder swimlane is not a stock chart type anyway.
import { clipText } from '../../../src/core/untrustedText';

const svgNs = 'http://www.w3.org/2000/svg';

export type SvgAttrs = Record<string, string | number | undefined>;

/** An SVG element; attribute values as given (numbers rounded to 0.1), text children as text nodes. */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: SvgAttrs = {},
  ...children: Array<Node | string>
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attrs)) {
    const lower = name.toLowerCase();
    if (lower.startsWith('on') || lower === 'style' || lower === 'href' || lower === 'xlink:href') {
      throw new Error(`svg: refusing to set the attribute ${name}`);
    }
    if (value !== undefined) {
      el.setAttribute(name, typeof value === 'number' ? String(Math.round(value * 10) / 10) : value);
    }
  }
  for (const child of children) {
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/** A <title> child (the tooltip and accessible name), clipped. */
export function tooltip(text: string): SVGTitleElement {
  return s('title', {}, clipText(text, 400));
}

let nextId = 0;

/** A document-unique id for aria references between a chart and its title and summary. */
export function chartId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/**
 * An accessible chart: <svg role="img"> with a <title> (its name) and a <desc> (the summary),
 * inside a <figure> whose <figcaption> shows the same summary as text.
 */
export function chartFrame(
  kind: string,
  width: number,
  height: number,
  title: string,
  summary: string,
): { figure: HTMLElement; svg: SVGSVGElement } {
  const titleId = chartId(`${kind}-title`);
  const descId = chartId(`${kind}-desc`);
  const svg = s(
    'svg',
    {
      class: `chart chart-${kind}`,
      viewBox: `0 0 ${width} ${height}`,
      width: '100%',
      preserveAspectRatio: 'xMinYMin meet',
      role: 'img',
      'aria-labelledby': titleId,
      'aria-describedby': descId,
    },
    s('title', { id: titleId }, title),
    s('desc', { id: descId }, summary),
  );
  const figure = document.createElement('figure');
  figure.className = `chart-figure figure-${kind}`;
  const caption = document.createElement('figcaption');
  caption.className = 'chart-summary';
  caption.textContent = summary;
  const heading = document.createElement('div');
  heading.className = 'chart-title';
  heading.textContent = title;
  figure.append(heading, svg, caption);
  return { figure, svg };
}

/** A linear scale from [d0, d1] to [r0, r1] (a flat domain maps to r0). */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0;
  return (v) => (span === 0 ? r0 : r0 + ((v - d0) / span) * (r1 - r0));
}
