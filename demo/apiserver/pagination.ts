// List pagination (limit/continue) with the real token format (unpadded base64url of
// {"v":"meta.k8s.io/v1","rv":N,"start":"/<key>\u0000"}, the key relative to the list's etcd prefix).
// A continued list is served from a snapshot taken when the first page was cut, at the first
// page's resourceVersion, like etcd.
import { badRequest, continueTooOldMessage, errorWith } from './status';
import type { Bucket, KubeObject } from './types';

export interface ContinueToken {
  rv: number;
  start: string;
}

export function encodeContinue(rv: number, lastKey: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `/${lastKey}\u0000` })).toString('base64url');
}

export function decodeContinue(token: string): ContinueToken {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw badRequest('continue key is not valid: illegal base64 data at input byte 0');
  }
  const t = parsed as { v?: unknown; rv?: unknown; start?: unknown } | null;
  if (!t || t.v !== 'meta.k8s.io/v1') {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (typeof t.rv !== 'number' || t.rv === 0) {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (typeof t.start !== 'string' || !t.start) {
    throw badRequest('continue key is not valid: encoded start key empty');
  }
  return { rv: t.rv, start: t.start.replace(/^\//, '') };
}

/** Key of an object within its list scope: `ns/name` across namespaces, `name` within one. */
export function keyOf(o: KubeObject, acrossNamespaces: boolean): string {
  return acrossNamespaces && o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name ?? ''}` : (o.metadata.name ?? '');
}

interface Snapshot {
  items: KubeObject[];
}

const maxSnapshots = 32;

export class Paginator {
  private readonly snapshots = new Map<string, Snapshot>();
  /** tokens at or below this resourceVersion are expired (expireContinueTokens) */
  private expiredThrough = 0;

  private static id(bucket: Bucket, scope: string, rv: number): string {
    return `${bucket}|${scope}|${rv}`;
  }

  remember(bucket: Bucket, scope: string, rv: number, items: KubeObject[]): void {
    const id = Paginator.id(bucket, scope, rv);
    this.snapshots.delete(id);
    this.snapshots.set(id, { items });
    while (this.snapshots.size > maxSnapshots) {
      const oldest = this.snapshots.keys().next().value;
      if (oldest === undefined) {
        break;
      }
      this.snapshots.delete(oldest);
    }
  }

  /**
   * The snapshot a token continues: undefined to continue on the current state (rv -1 tokens or an
   * evicted snapshot); throws 410 Expired when the token is too old.
   */
  lookup(bucket: Bucket, scope: string, token: ContinueToken, floor: number): KubeObject[] | undefined {
    if (token.rv === -1) {
      return undefined;
    }
    if (token.rv <= this.expiredThrough || token.rv < floor) {
      const retry = encodeContinue(-1, token.start.endsWith('\u0000') ? token.start.slice(0, -1) : token.start);
      const err = errorWith(410, continueTooOldMessage, 'Expired');
      err.status.metadata = { continue: retry };
      throw err;
    }
    const snap = this.snapshots.get(Paginator.id(bucket, scope, token.rv));
    return snap?.items;
  }

  /** Every token issued so far becomes too old. */
  expireAll(currentRv: number): void {
    this.expiredThrough = currentRv;
    this.snapshots.clear();
  }

  clear(): void {
    this.snapshots.clear();
  }
}
