// The LeaderElectionRecord as client-go's ConfigMap and Endpoints locks kept it: JSON in the
// annotation `control-plane.alpha.kubernetes.io/leader`, times as metav1.Time (RFC 3339, whole
// seconds; a zero time is null), transitions as `leaderTransitions`:
//   {"holderIdentity":"a_1","leaseDurationSeconds":15,"acquireTime":"2026-11-21T00:41:17Z","renewTime":"2026-11-21T00:41:17Z","leaderTransitions":0}
import type { LeaderElectionRecord } from './leaderElectionRecord';
import { formatMicroTime, formatTime } from './microTime';

export const leaderAnnotationKey = 'control-plane.alpha.kubernetes.io/leader';

function secondsText(micro: string | undefined): string | null {
  if (!micro) {
    return null;
  }
  const ms = Date.parse(micro);
  return Number.isNaN(ms) ? null : formatTime(ms);
}

/** json.Marshal of the record, field order as the Go struct. */
export function annotationFromRecord(record: LeaderElectionRecord): string {
  return JSON.stringify({
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    acquireTime: secondsText(record.acquireTime),
    renewTime: secondsText(record.renewTime),
    leaderTransitions: record.leaseTransitions,
  });
}

/** json.Unmarshal into an empty record: missing fields stay zero. Throws on text that is no JSON object. */
export function recordFromAnnotation(text: string | undefined): LeaderElectionRecord {
  const record: LeaderElectionRecord = {
    holderIdentity: '',
    leaseDurationSeconds: 0,
    acquireTime: undefined,
    renewTime: undefined,
    leaseTransitions: 0,
  };
  if (text === undefined) {
    return record;
  }
  const parsed: unknown = JSON.parse(text);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(
      `json: cannot unmarshal ${Array.isArray(parsed) ? 'array' : typeof parsed} into Go value of type resourcelock.LeaderElectionRecord`,
    );
  }
  const o = parsed as Record<string, unknown>;
  const time = (v: unknown): string | undefined => {
    const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN;
    return Number.isNaN(ms) ? undefined : formatMicroTime(ms);
  };
  record.holderIdentity = typeof o.holderIdentity === 'string' ? o.holderIdentity : '';
  record.leaseDurationSeconds = typeof o.leaseDurationSeconds === 'number' ? o.leaseDurationSeconds : 0;
  record.acquireTime = time(o.acquireTime);
  record.renewTime = time(o.renewTime);
  record.leaseTransitions = typeof o.leaderTransitions === 'number' ? o.leaderTransitions : 0;
  return record;
}
