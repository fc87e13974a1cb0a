// Relative times ("12 seconds ago") that stay true while the panel is open: each is a span that
// remembers its instant, and refreshRelativeTimes() rewrites them all (once a second).
import { h } from './dom';
import { isoTime, relativeTime } from './format';

export function relativeSpan(ms: number, now: number): HTMLElement {
  return h('span', { class: 'rel', title: isoTime(ms), attrs: { 'data-at': String(ms) } }, relativeTime(ms, now));
}

export function refreshRelativeTimes(root: ParentNode, now: number): void {
  for (const el of root.querySelectorAll<HTMLElement>('.rel[data-at]')) {
    const at = Number(el.dataset.at);
    if (Number.isFinite(at)) {
      const text = relativeTime(at, now);
      if (el.textContent !== text) {
        el.textContent = text;
      }
    }
  }
}
