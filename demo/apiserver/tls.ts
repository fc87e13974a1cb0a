// A self-signed CA and a serving certificate for 127.0.0.1/localhost, made with the openssl CLI
// (Node has no certificate generation) in a temporary directory, once per process.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

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
  const dir = await mkdtemp(join(tmpdir(), 'lease-lens-apiserver-tls-'));
  try {
    const p = (f: string) => join(dir, f);
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    await run('openssl', [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      p('ca.key'),
      '-out',
      p('ca.crt'),
      '-days',
      '3650',
      '-subj',
      '/CN=lease-lens-local-ca',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    await run('openssl', ['req', ...ec, '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', '/CN=kube-apiserver']);
    await writeFile(
      p('ext.cnf'),
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc',
        '',
      ].join('\n'),
    );
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      p('server.csr'),
      '-CA',
      p('ca.crt'),
      '-CAkey',
      p('ca.key'),
      '-CAcreateserial',
      '-out',
      p('server.crt'),
      '-days',
      '3650',
      '-extfile',
      p('ext.cnf'),
    ]);
    const [caPem, certPem, keyPem] = await Promise.all([
      readFile(p('ca.crt'), 'utf8'),
      readFile(p('server.crt'), 'utf8'),
      readFile(p('server.key'), 'utf8'),
    ]);
    return { caPem, certPem, keyPem };
  } catch (e) {
    const detail = (e as { stderr?: string }).stderr ?? (e as Error).message;
    throw new Error(`could not generate TLS certificates with openssl (is it installed?): ${detail}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
