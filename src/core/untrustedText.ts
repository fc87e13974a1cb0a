// Untrusted text (holder identities, label values, API server and system messages, log lines) made
// safe and small enough to show: control characters and bidi overrides removed, line breaks folded,
// length bounded. The one module for it, used by the server and the extension host; pure and
// browser-safe. (Credential redaction stays in the server: src/server/redact.ts, built on clipText.)

// C0 and C1 controls, DEL, and the bidirectional formatting marks that can reorder what is shown
// (LRM/RLM, ALM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI).
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Removes control characters and bidirectional overrides. */
export function stripControlCharacters(s: string): string {
  return s.replace(UNPRINTABLE, '');
}

/**
 * Shortens `s` to at most `max` code points, ending with `…` when something was cut.
 * Never splits a surrogate pair. Cost is bounded by `max`, not by the length of `s`.
 */
export function truncate(s: string, max: number): string {
  if (s.length <= max) {
    return s;
  }
  if (max <= 1) {
    return max === 1 ? '…' : '';
  }
  let index = 0;
  let count = 0;
  let cut = 0;
  while (index < s.length) {
    const codePoint = s.codePointAt(index) ?? 0;
    index += codePoint > 0xffff ? 2 : 1;
    count++;
    if (count === max - 1) {
      cut = index;
    }
    if (count > max) {
      return `${s.slice(0, cut)}…`;
    }
  }
  return s;
}

/** A short, printable preview of an untrusted string for messages. */
export function preview(s: string, max = 40): string {
  return truncate(stripControlCharacters(s), max);
}

/** Line breaks and tabs (CR, LF, TAB, LS, PS), each run of them, as one space. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\t\u2028\u2029]+/g, ' ');
}

/** One line (every run of whitespace one space), printable, trimmed, at most `max` code points. */
export function clipText(text: string, max: number): string {
  return truncate(stripControlCharacters(text.replace(/\s+/g, ' ')).trim(), max);
}

/**
 * Cluster strings shown outside markdown: in notifications (which turn `[text](command:…)` into
 * links) and in status bar text. One line, no control characters or bidi overrides, no `](` a
 * notification could read as a link.
 */
export function plainText(text: string, max = 200): string {
  return truncate(stripControlCharacters(oneLine(text)), max).replace(/\]\(/g, '] (');
}

/** Status bar text: plain, and `$(…)` escaped so that it shows literally instead of as an icon. */
export function statusBarText(text: string, max = 60): string {
  return plainText(text, max).replace(/\$\(/g, '\\$(');
}
