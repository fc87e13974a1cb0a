// Leases.get: one election's record as the API server has it now, for the read-only YAML document:
// the Lease, or for a ConfigMap/Endpoints lock that object (a ConfigMap as metadata only: never its data).
import type { GetLeaseResult } from '../shared/protocol';
import { parseLeaseKey, type LeaseKey } from '../shared/types';
import { toLeaseInfo, type RawLease } from './leases/convert';
import { metadataAccept } from './leases/lockScopes';
import type { Sessions } from './sessions';
import { t } from '../shared/l10n';

export async function leaseGet(sessions: Sessions, key: LeaseKey): Promise<GetLeaseResult> {
  const parsed = parseLeaseKey(key);
  const session = sessions.getLease(key);
  if (!parsed || !session) {
    return { message: t('The context of {0} is not connected.', key) };
  }
  const known = session.get(key);
  const ns = encodeURIComponent(parsed.namespace);
  const name = encodeURIComponent(parsed.name);
  if (known?.lock) {
    const configMap = known.lock !== 'endpoints';
    const path = `/api/v1/namespaces/${ns}/${configMap ? 'configmaps' : 'endpoints'}/${name}`;
    const result = await session.client.getJson<Record<string, unknown>>(
      path,
      {},
      { timeoutMs: 15_000, accept: configMap ? metadataAccept : undefined },
    );
    if (!result.ok) {
      return { lease: known, message: `${result.error.message} ${result.error.hint}`.trim() };
    }
    const raw: Record<string, unknown> = { ...result.value };
    if (configMap) {
      // A server that ignored the metadata-only Accept sent the whole ConfigMap: its data is not ours to show.
      delete raw.data;
      delete raw.binaryData;
      raw.apiVersion = 'v1';
      raw.kind = 'ConfigMap';
    }
    return { lease: known, raw };
  }
  const path = `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/${name}`;
  const result = await session.client.getJson<RawLease>(path, {}, { timeoutMs: 15_000 });
  if (!result.ok) {
    return { lease: known, message: `${result.error.message} ${result.error.hint}`.trim() };
  }
  const lease = toLeaseInfo(result.value, parsed.context, Date.now());
  // The Lease read now, with what the session knows of the election's other records.
  return { lease: lease && known ? { ...known, ...lease } : lease, raw: result.value };
}
