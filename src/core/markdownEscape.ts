// Cluster strings in Markdown we write ourselves (the incident summary): one line, no control or
// bidi characters, clipped, and every ASCII punctuation character backslash-escaped (`<`, `>`, `&`
// as entities), so that `[x](command:…)`, `<img …>`, `**bold**`, `|` in a table cell or a bare URL
// show as the literal characters. Code blocks get a fence longer than any backtick run they hold.
// Pure and browser-safe.
import { stripControlCharacters, truncate } from './untrustedText';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Untrusted text as inert Markdown inline text, at most `max` code points before escaping. */
export function markdownText(text: string, max = 512): string {
  const oneLine = stripControlCharacters(truncate(text, max).replace(/[\r\n\t\u2028\u2029]+/g, ' '));
  return oneLine.replace(/[!-/:-@[-`{-~]/g, (c) => entities[c] ?? `\\${c}`);
}

/** A fenced code block of `lines` (already one line each); the fence outruns any backticks inside. */
export function markdownCodeBlock(lines: readonly string[], info = 'text'): string {
  let longest = 0;
  for (const line of lines) {
    for (const run of line.match(/`+/g) ?? []) {
      longest = Math.max(longest, run.length);
    }
  }
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...lines, fence].join('\n');
}
