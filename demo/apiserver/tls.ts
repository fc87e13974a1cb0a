// A self-signed CA and a serving certificate for 127.0.0.1/localhost, made with the openssl CLI
// (certs.ts), once per process.
import { issue, makeCa } from './certs';

export interface ServingCerts {
  caPem: string;
  certPem: string;
  keyPem: string;
}

let cached: Promise<ServingCerts> | undefined;

/** The CA and serving certificate for this process (generated on first use). */
export function servingCerts(): Promise<ServingCerts> {
  cached ??= generate().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

async function generate(): Promise<ServingCerts> {
  try {
    const ca = await makeCa('lease-lens-local-ca');
    const served = await issue(ca, {
      cn: 'kube-apiserver',
      serverNames: ['127.0.0.1', '::1', 'localhost', 'kubernetes', 'kubernetes.default.svc'],
    });
    return { caPem: ca.certPem, certPem: served.certPem, keyPem: served.keyPem };
  } catch (e) {
    const detail = (e as { stderr?: string }).stderr ?? (e as Error).message;
    throw new Error(`could not generate TLS certificates with openssl (is it installed?): ${detail}`);
  }
}
