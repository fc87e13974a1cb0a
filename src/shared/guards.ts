// Type guards for untrusted values (JSON from a cluster, settings, webview messages, persisted
// state): every hand-written `typeof x === 'object' && x !== null` check lives here. Pure.

/** A JSON object: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Any non-null object, arrays included. */
export function isNonNullObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** A number that is not NaN or ±Infinity. */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
