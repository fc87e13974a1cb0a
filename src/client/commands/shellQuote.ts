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

/**
 * `kubectl --kubeconfig <file> --context <context> -n <namespace> get lease <name> -o yaml`: the
 * Lease as Lease Lens reads it, from the same kubeconfig (`kubeconfig`: the files it loaded), so
 * that a context of the same name in another kubeconfig is never the one asked. kubectl's
 * --kubeconfig takes one file; several (KUBECONFIG=a:b) are handed over as Lease Lens read them,
 * `KUBECONFIG=a:b kubectl --context …`, joined with `delimiter` (the platform's, ':' on POSIX).
 */
export function kubectlGetLease(
  context: string,
  namespace: string,
  name: string,
  kubeconfig: readonly string[] = [],
  delimiter = ':',
): string {
  const files = kubeconfig.length === 1 ? ['--kubeconfig', kubeconfig[0]!] : [];
  const env = kubeconfig.length > 1 ? `KUBECONFIG=${shellQuote(kubeconfig.join(delimiter))} ` : '';
  const args = [...files, '--context', context, '-n', namespace, 'get', 'lease', name, '-o', 'yaml'];
  return `${env}kubectl ${args.map(shellQuote).join(' ')}`;
}
