// Leases.get: one Lease as the API server has it now, for the read-only YAML document.
import type { GetLeaseResult } from '../shared/protocol';
import { parseLeaseKey, type LeaseKey } from '../shared/types';
import { toLeaseInfo, type RawLease } from './leases/convert';
import type { Sessions } from './sessions';
import { t } from '../shared/l10n';

export async function leaseGet(sessions: Sessions, key: LeaseKey): Promise<GetLeaseResult> {
  const parsed = parseLeaseKey(key);
  const session = sessions.getLease(key);
  if (!parsed || !session) {
    return { message: t('The context of {0} is not connected.', key) };
  }
  const path = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(parsed.namespace)}/leases/${encodeURIComponent(parsed.name)}`;
  const result = await session.client.getJson<RawLease>(path, {}, { timeoutMs: 15_000 });
  if (!result.ok) {
    return { lease: session.get(key), message: `${result.error.message} ${result.error.hint}`.trim() };
  }
  return { lease: toLeaseInfo(result.value, parsed.context, Date.now()), raw: result.value };
}
