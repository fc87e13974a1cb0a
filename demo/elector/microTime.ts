// Kubernetes time formats. A MicroTime (Lease acquireTime/renewTime) always carries exactly six
// fractional digits and the API server rejects other precisions; a Time (Event timestamps) carries
// none. client-node 1.4.0 reads both as plain strings and writes what `toISOString()` returns, so
// the classes below write our own text through the generated serializer unchanged.
import { V1MicroTime } from '@kubernetes/client-node';

import { formatMicroTime, parseMicroTime } from '../../src/core/microTime';

export { formatMicroTime };

/** `2026-11-21T00:41:17Z`: a metav1.Time, second precision. */
export function formatTime(epochMs: number): string {
  return `${new Date(Math.floor(epochMs)).toISOString().slice(0, 19)}Z`;
}

/**
 * The MicroTime text of a value client-node handed us: a string as the server sent it (client-node
 * does not convert MicroTime fields), or a Date if somebody built one.
 */
export function microTimeText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value === '' ? undefined : value;
  }
  if (value instanceof Date) {
    return formatMicroTime(value.getTime());
  }
  return undefined;
}

/** A V1MicroTime that serializes as the exact six-digit text it was made from. */
export class MicroTimeText extends V1MicroTime {
  constructor(readonly text: string) {
    super(parseMicroTime(text) ?? Number.NaN);
  }
  override toISOString(): string {
    return this.text;
  }
}

/** A Date that serializes like metav1.Time (no fractional seconds). */
export class KubeTime extends Date {
  override toISOString(): string {
    return formatTime(this.getTime());
  }
}
