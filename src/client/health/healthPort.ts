// The health state's port on the real Lease server client: each server run as a HealthRun
// (requests cancelled when the run ends), and the wiring of notifications and runs.
import { Health } from '../../shared/protocol';
import type { LeaseServerClient, ServerRun } from '../leaseServerClient';
import type { LeaseSync } from '../leases/leaseSync';
import type { DisposableLike } from '../lifecycle';
import type { HealthRun, HealthState } from './healthState';

export function healthRun(run: ServerRun): HealthRun {
  return {
    rows: () => run.client.sendRequest(Health.rows, {}, run.token),
    detail: (key) => run.client.sendRequest(Health.detail, { key }, run.token),
    subscribe: (rows) => {
      run.client.sendNotification(Health.subscribe, { rows }).catch(() => undefined);
    },
    get ended() {
      return run.token.isCancellationRequested;
    },
  };
}

/** Feeds the health state from the server client: notifications and new runs. */
export function connectHealthState(state: HealthState, server: LeaseServerClient, sync: LeaseSync): DisposableLike[] {
  const current = server.currentRun;
  if (current) {
    state.startRun(healthRun(current));
  }
  return [
    ...state.listen(server.client),
    sync.onHealthFlags((changes) => state.applyFlags(changes)),
    server.onDidStartRun((run) => state.startRun(healthRun(run))),
  ];
}
