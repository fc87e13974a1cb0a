// What the status bar item shows of leadership health: the count of flapping Leases (Health.flags)
// and, for a followed Lease, its context's lost connection (ContextState.unknownSince).
import { parseLeaseKey } from '../../shared/types';
import type { LeaseCache } from '../leases/leaseCache';
import { DisposableStore } from '../lifecycle';
import type { StatusBarHealth } from '../statusBar/followStatusBar';
import type { HealthState } from './healthState';

export function statusBarHealth(health: HealthState, leases: LeaseCache): StatusBarHealth {
  return {
    flappingCount: () => health.flagged('flapping').length,
    unknownSince: (key) => {
      const parsed = parseLeaseKey(key);
      return parsed && leases.contextState(parsed.context)?.unknownSince;
    },
    onDidChange: (listener) => {
      const subs = new DisposableStore();
      subs.addAll(
        health.onDidChange((change) => {
          if (change.kind === 'flags') {
            listener(change);
          }
        }),
        leases.onDidChange((change) => {
          if (change.kind === 'context-state') {
            listener(change);
          }
        }),
      );
      return subs;
    },
  };
}
