// The MonitoringInput of a Lease from what the host knows of it: the Lease server's HealthDetail
// (terms, gaps, renew intervals), the Lease itself when cached, and the flapping settings. Pure.
import type { HealthDetail } from '../../shared/health';
import { parseHolderIdentity } from '../identity';
import type { ElectionTiming, HolderShape, MonitoringInput } from './monitoringInput';

export function holderShape(holder: string | undefined): HolderShape {
  if (!holder) {
    return 'none';
  }
  const parsed = parseHolderIdentity(holder);
  return parsed.hostname !== undefined ? (parsed.uuid !== undefined ? 'hostname-uuid' : 'hostname') : 'other';
}

export interface LeaseFacts {
  namespace: string;
  name: string;
  holder?: string;
  leaseDurationSeconds?: number;
}

export function monitoringInput(
  lease: LeaseFacts,
  detail: HealthDetail | null | undefined,
  flapping: { changes: number; windowMinutes: number },
  timing?: ElectionTiming,
): MonitoringInput {
  const row = detail?.row;
  const durationMs = row?.durationMs ?? [...(detail?.terms ?? [])].reverse().find((term) => term.durationMs !== undefined)?.durationMs;
  const gapsMs = (detail?.terms ?? []).map((term) => term.gapBeforeMs).filter((g): g is number => g !== undefined && g > 0);
  return {
    namespace: lease.namespace,
    name: lease.name,
    holderShape: holderShape(lease.holder ?? row?.holder),
    leaseDurationSeconds: lease.leaseDurationSeconds ?? (durationMs !== undefined ? durationMs / 1000 : undefined),
    renewMedianMs: row?.renewMedianMs,
    renewMaxMs: row?.renewMaxMs,
    gapsMs,
    transitionsHour: row?.transitionsHour,
    flapping,
    timing,
  };
}
