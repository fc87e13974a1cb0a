// Certificates made with the openssl CLI (Node has no certificate generation): a CA, and
// certificates it signs — serving certificates (the local API server's, tls.ts) and client
// certificates, valid or already expired (the TLS fault tests).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Ca {
  certPem: string;
  keyPem: string;
}

export interface Issued {
  certPem: string;
  keyPem: string;
}

const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function inTemp<T>(f: (p: (name: string) => string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'lease-lens-faults-tls-'));
  try {
    return await f((name) => join(dir, name));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function makeCa(cn: string): Promise<Ca> {
  return inTemp(async (p) => {
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
      `/CN=${cn}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    const [certPem, keyPem] = await Promise.all([readFile(p('ca.crt'), 'utf8'), readFile(p('ca.key'), 'utf8')]);
    return { certPem, keyPem };
  });
}

/**
 * A certificate signed by `ca`: a client certificate (CN = user, O = group), or with `serverNames`
 * a serving certificate. `expired`: its validity ended a day ago.
 */
export function issue(ca: Ca, opts: { cn: string; org?: string; expired?: boolean; serverNames?: string[] }): Promise<Issued> {
  return inTemp(async (p) => {
    await writeFile(p('ca.crt'), ca.certPem);
    await writeFile(p('ca.key'), ca.keyPem);
    const subj = `/CN=${opts.cn}${opts.org ? `/O=${opts.org}` : ''}`;
    await run('openssl', ['req', ...ec, '-keyout', p('c.key'), '-out', p('c.csr'), '-subj', subj]);
    await writeFile(
      p('ext.cnf'),
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        opts.serverNames ? 'extendedKeyUsage=serverAuth' : 'extendedKeyUsage=clientAuth',
        ...(opts.serverNames ? [`subjectAltName=${opts.serverNames.map((n) => (isIP(n) ? `IP:${n}` : `DNS:${n}`)).join(',')}`] : []),
        '',
      ].join('\n'),
    );
    // -days -1: not after = a day before not before, i.e. expired since yesterday.
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      p('c.csr'),
      '-CA',
      p('ca.crt'),
      '-CAkey',
      p('ca.key'),
      '-CAcreateserial',
      '-out',
      p('c.crt'),
      '-days',
      opts.expired ? '-1' : '365',
      '-extfile',
      p('ext.cnf'),
    ]);
    const [certPem, keyPem] = await Promise.all([readFile(p('c.crt'), 'utf8'), readFile(p('c.key'), 'utf8')]);
    return { certPem, keyPem };
  });
}
