// Cluster strings shown outside markdown: in notifications (which turn `[text](command:…)` into
// links) and in status bar text (which turns `$(name)` into icons). Pure.
import { stripControlCharacters, truncate } from '../core/text';

/** One line, no control characters or bidi overrides, no `](` a notification could read as a link. */
export function plainText(text: string, max = 200): string {
  return truncate(stripControlCharacters(text.replace(/[\r\n\t\u2028\u2029]+/g, ' ')), max).replace(/\]\(/g, '] (');
}

/** Status bar text: plain, and `$(…)` escaped so that it shows literally instead of as an icon. */
export function statusBarText(text: string, max = 60): string {
  return plainText(text, max).replace(/\$\(/g, '\\$(');
}
