// Markdown for tooltips that show strings from a cluster. Everything a cluster sends (holder
// identities, names, labels, API server messages) goes through escapeMarkdown, so that
// `<img src=x onerror=…>`, `[link](command:…)`, `**bold**`, `$(icon)` or a bare URL show as the
// literal characters: every ASCII punctuation character is backslash-escaped (CommonMark allows it
// for all of them, and it breaks GFM autolinks), `<`, `>` and `&` become entities, line breaks
// become spaces, and control characters and bidi overrides are dropped. The MarkdownString built
// from it is also untrusted and has HTML and theme icons off (see the tree adapter).

import { stripControlCharacters, truncate } from '../../core/untrustedText';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Longest cluster string shown in a tooltip; longer ones end in an ellipsis. */
export const maxTooltipText = 512;

export function escapeMarkdown(text: string, max = maxTooltipText): string {
  const clipped = truncate(text, max);
  const oneLine = stripControlCharacters(clipped.replace(/[\r\n\t\u2028\u2029]+/g, ' '));
  return oneLine.replace(/[!-/:-@[-`{-~]/g, (c) => entities[c] ?? `\\${c}`);
}

/** A two-column markdown table; keys are ours, values must already be escaped. */
export function markdownTable(header: [string, string], rows: Array<[string, string]>): string {
  const lines = [`| ${header[0]} | ${header[1]} |`, '| --- | --- |'];
  for (const [key, value] of rows) {
    lines.push(`| ${key} | ${value === '' ? '—' : value} |`);
  }
  return lines.join('\n');
}
