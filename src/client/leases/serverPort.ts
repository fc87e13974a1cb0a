// The lease sync's ports on the real Lease server client: each server run as a SyncRun (requests
// cancelled when the run ends), notifications while it runs, and the wiring of the client's
// notifications, status and runs to the sync.
import { Contexts, Kubeconfig, Leases } from '../../shared/protocol';
import type { LeaseServerClient, ServerRun } from '../leaseServerClient';
import type { DisposableLike } from '../lifecycle';
import type { LeaseServerPort, LeaseSync, SyncRun } from './leaseSync';

export function syncRun(run: ServerRun): SyncRun {
  return {
    kubeconfig: () => run.client.sendRequest(Kubeconfig.get, run.token),
    watch: (contexts) => run.client.sendRequest(Contexts.watch, { contexts }, run.token),
    snapshot: (context) => run.client.sendRequest(Leases.snapshot, { context }, run.token),
    get ended() {
      return run.token.isCancellationRequested;
    },
  };
}

export function leaseServerPort(server: LeaseServerClient): LeaseServerPort {
  return {
    currentRun: () => {
      const run = server.currentRun;
      return run && syncRun(run);
    },
    unwatch: (contexts) => server.notify(Contexts.unwatch, { contexts }),
    refresh: (contexts) => server.notify(Contexts.refresh, contexts ? { contexts } : {}),
  };
}

/** Feeds the sync from the server client: notifications, status changes and new runs. */
export function connectLeaseSync(sync: LeaseSync, server: LeaseServerClient): DisposableLike[] {
  sync.serverStatusChanged(server.status);
  return [
    ...sync.listen(server.client),
    server.onDidChangeStatus((status) => sync.serverStatusChanged(status)),
    server.onDidStartRun((run) => sync.startRun(syncRun(run))),
  ];
}
