// Keeps credentials out of everything the server logs or reports: authorization headers, bearer
// tokens, bare JWTs, EKS tokens, private keys, `token: …`-shaped values and URL user information.
import { clipText } from '../core/untrustedText';

const patterns: [RegExp, string][] = [
  // A URL's user information (`https://user:password@host`): both go.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi, '$1'],
  // A bare JWT (OIDC id tokens, service account tokens): three base64url parts, the first `{"…`.
  [/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '<redacted token>'],
  // An EKS token (aws eks get-token, aws-iam-authenticator): a presigned STS URL in base64url.
  [/\bk8s-aws-v1\.[A-Za-z0-9_-]+/g, 'k8s-aws-v1.<redacted>'],
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
