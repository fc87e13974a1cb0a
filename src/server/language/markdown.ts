// Markdown for hovers built from untrusted cluster text (holder identities, names).
import { stripControlCharacters, truncate } from '../../core/untrustedText';

/** `s` as an inline code span, whatever backticks it holds; control characters removed. */
export function inlineCode(s: string, max = 120): string {
  const text = truncate(stripControlCharacters(s), max);
  if (text === '') {
    return '` `';
  }
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) {
    longest = Math.max(longest, run.length);
  }
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || longest > 0 ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
