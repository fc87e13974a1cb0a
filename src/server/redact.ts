// Keeps credentials out of everything the server logs or reports.
import { clipText } from '../core/untrustedText';

const patterns: [RegExp, string][] = [
  [/(authorization:\s*)(bearer|basic)\s+\S+/gi, '$1$2 <redacted>'],
  [/\bbearer\s+[A-Za-z0-9._~+/=-]{8,}/gi, 'Bearer <redacted>'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, '<redacted private key>'],
  [/("?(?:token|access[-_]token|id[-_]token|refresh[-_]token|client[-_]key[-_]data|password)"?\s*[:=]\s*"?)[^"\s,}]+/gi, '$1<redacted>'],
];

export function redact(text: string): string {
  let out = text;
  for (const [re, replacement] of patterns) {
    out = out.replace(re, replacement);
  }
  return out;
}

/**
 * Every message made from what a server or a system call said passes here: one line, printable,
 * of bounded length, and with anything shaped like a credential redacted (an exec plugin may print
 * its token on stderr).
 */
export function clip(text: string, max = 500): string {
  return clipText(redact(text), max);
}
