// Starts an empty local API server and writes a kubeconfig for it, for manual kubectl checks:
//   npx tsx demo/apiserver/cli.ts --port 8080 [--tls] [--host 127.0.0.1] [--without-resources leasecandidates,configmaps] --kubeconfig out.yaml
// Users: admin (token admin-token) and viewer (token viewer-token, reads namespace "default").
// Over plain HTTP kubectl sends no token, so requests without one act as admin there; use --tls to
// check the viewer's permissions with kubectl.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startApiServer } from './index';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    tls: { type: 'boolean', default: false },
    kubeconfig: { type: 'string' },
    'bookmark-interval-ms': { type: 'string' },
    // e.g. --without-resources leasecandidates,configmaps: a cluster that does not serve them
    'without-resources': { type: 'string' },
  },
});

async function main(): Promise<void> {
  const server = await startApiServer({
    host: values.host,
    port: Number(values.port),
    tls: values.tls,
    bookmarkIntervalMs: values['bookmark-interval-ms'] ? Number(values['bookmark-interval-ms']) : undefined,
    withoutResources: values['without-resources']?.split(',').filter(Boolean),
    // kubectl sends no credentials to a plain http:// server: serve those requests as admin.
    anonymous: values.tls ? false : 'admin',
    users: [
      { name: 'admin', token: 'admin-token', admin: true, write: true },
      { name: 'viewer', token: 'viewer-token', namespaces: ['default'] },
    ],
  });
  const kubeconfig = server.kubeconfig({
    contexts: [
      { name: 'local-admin', user: 'admin' },
      { name: 'local-viewer', user: 'viewer', namespace: 'default' },
    ],
  });
  if (values.kubeconfig) {
    writeFileSync(values.kubeconfig, kubeconfig);
    console.log(`kubeconfig written to ${values.kubeconfig}`);
  } else {
    process.stdout.write(kubeconfig);
  }
  console.log(`API server listening on ${server.url} (Ctrl-C to stop)`);
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
