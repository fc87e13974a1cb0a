// Quoting for POSIX shells, so that a copied kubectl command runs as shown whatever the context,
// namespace or name holds. Pure.

const safe = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** `abc` stays as is; anything else is single-quoted, with `'` written as `'\''`. */
export function shellQuote(value: string): string {
  if (value !== '' && safe.test(value)) {
    return value;
  }
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function kubectlGetLease(context: string, namespace: string, name: string): string {
  return ['kubectl', '--context', context, '-n', namespace, 'get', 'lease', name, '-o', 'yaml']
    .map((part, i) => (i === 0 ? part : shellQuote(part)))
    .join(' ');
}
