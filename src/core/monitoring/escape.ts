// Cluster strings (a Lease's namespace and name) written into generated monitoring, made safe for
// each place they land: a PromQL string literal that is also safe from Grafana's variable syntax,
// an alert label or annotation (Prometheus expands them as Go templates), a YAML double-quoted
// scalar, a YAML comment, a Kubernetes object name, and text Grafana shows. Pure.
import { oneLine, stripControlCharacters, truncate } from '../untrustedText';

/** Longest untrusted string written anywhere (Kubernetes names are at most 253 characters). */
export const MAX_UNTRUSTED = 1024;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function wellFormed(s: string): string {
  return truncate(s, MAX_UNTRUSTED).replace(LONE_SURROGATE, '\ufffd');
}

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}

/** `\uXXXX`, or `\UXXXXXXXX` beyond the Basic Multilingual Plane (both PromQL and YAML read them). */
function unicodeEscape(codePoint: number): string {
  return codePoint > 0xffff ? `\\U${hex(codePoint, 8)}` : `\\u${hex(codePoint, 4)}`;
}

/**
 * A PromQL double-quoted string holding exactly `s`. Only printable ASCII is written as itself;
 * `"` and `\` are escaped, and so are `$` and `[` (as `\x24`, `\x5b`) so that Grafana, which
 * replaces `$name`, `${name}` and `[[name]]` in a query's text before sending it, leaves it alone.
 */
export function promqlString(s: string): string {
  let out = '"';
  for (const ch of wellFormed(s)) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') {
      out += `\\${ch}`;
    } else if (ch === '$') {
      out += '\\x24';
    } else if (ch === '[') {
      out += '\\x5b';
    } else if (cp >= 0x20 && cp <= 0x7e) {
      out += ch;
    } else {
      out += unicodeEscape(cp);
    }
  }
  return `${out}"`;
}

/**
 * Text for an alert's label or annotation value, which Prometheus expands as a Go template: every
 * `{` is written as the action `{{"{"}}`, so nothing in `s` can open an action.
 */
export function templateText(s: string): string {
  return wellFormed(s).replace(/\{/g, '{{"{"}}');
}

/** A YAML double-quoted scalar holding exactly `s`: only printable ASCII as itself, the rest escaped. */
export function yamlString(s: string): string {
  let out = '"';
  for (const ch of s.replace(LONE_SURROGATE, '\ufffd')) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') {
      out += `\\${ch}`;
    } else if (cp >= 0x20 && cp <= 0x7e) {
      out += ch;
    } else {
      out += unicodeEscape(cp);
    }
  }
  return `${out}"`;
}

/** Text for a YAML comment: one line, printable, bounded. */
export function commentText(s: string, max = 200): string {
  return truncate(stripControlCharacters(oneLine(s.replace(LONE_SURROGATE, '\ufffd'))), max);
}

/** Text Grafana shows (titles, descriptions): one line, printable, and no `$` or `[[` it would read as a variable. */
export function displayText(s: string, max = 200): string {
  return commentText(s, max).replace(/\$/g, '\uff04').replace(/\[\[/g, '[ [');
}

/**
 * A Kubernetes object name (DNS subdomain, or DNS label when `label`) made from `s`: lower case,
 * anything else than letters, digits, `-` (and `.` in a subdomain) as `-`; `fallback` when nothing is left.
 */
export function kubernetesName(s: string, options: { label?: boolean; max?: number; fallback: string }): string {
  const max = options.max ?? (options.label ? 63 : 253);
  const allowed = options.label ? /[^a-z0-9-]+/g : /[^a-z0-9.-]+/g;
  const slug = s
    .toLowerCase()
    .replace(allowed, '-')
    .replace(/-{2,}/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/-?\.-?/g, '.')
    .slice(0, max)
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return slug === '' ? options.fallback : slug;
}
