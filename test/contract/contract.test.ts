// Contract tests: the Lease server against the local API server (demo scenario) and against a real
// control plane (kube-apiserver 1.36, kube-scheduler HA, client-go electors), with the same
// assertions; and the local API server's answers on the wire against kube-apiserver's. Where the
// two disagree, the local API server is wrong. Each backend starts once for the whole file.
// Run: node scripts/test.mjs contract (builds the real cluster's binary on first use).
import { after, describe } from 'node:test';
import { backendOf, backends, localBackend, realBackend, stopBackends } from './backends';
import { defineContract } from './contract';
import { defineWire } from './wire';

// Side by side (each backend waits out a quiet minute); the tests of one suite run in order.
describe('Lease server contract', { concurrency: true, timeout: 20 * 60_000 }, () => {
  for (const factory of backends) {
    describe(factory.name, { concurrency: 1 }, () => defineContract(() => backendOf(factory)));
  }
  describe('the wire: local API server vs kube-apiserver', { concurrency: 1 }, () =>
    defineWire(
      () => backendOf(localBackend),
      () => backendOf(realBackend),
    ),
  );
});

after(async () => {
  await stopBackends();
});
