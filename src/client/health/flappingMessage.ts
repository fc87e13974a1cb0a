// What a flapping notification says: one Lease, or a summary of several. Cluster strings as plain
// text (a notification would make `[x](command:…)` a link). Pure.
import { t, tn } from '../../shared/l10n';
import { parseLeaseKey, type LeaseKey } from '../../shared/types';
import { plainText } from '../../core/untrustedText';
import type { FlappingNotice } from './flappingPolicy';

/** `namespace/name (context)`, plain and clipped. */
export function leaseWords(key: LeaseKey): string {
  const parsed = parseLeaseKey(key);
  return parsed
    ? t('{0} in context {1}', plainText(`${parsed.namespace}/${parsed.name}`, 120), plainText(parsed.context, 80))
    : plainText(key);
}

export function flappingMessage(notice: FlappingNotice, changes: number, windowMinutes: number): string {
  const [only] = notice.keys;
  const rule = tn(
    windowMinutes,
    'more than {1} leadership changes within {0} minute|more than {1} leadership changes within {0} minutes',
    changes,
  );
  if (notice.keys.length === 1 && only !== undefined) {
    return t('Lease Lens: {0} is flapping ({1}).', leaseWords(only), rule);
  }
  const shown = notice.keys.slice(0, 3).map(leaseWords).join('; ');
  const more = notice.keys.length > 3 ? t(' and {0} more', notice.keys.length - 3) : '';
  return t('Lease Lens: {0} started flapping ({1}): {2}{3}.', tn(notice.keys.length, '{0} Lease|{0} Leases'), rule, shown, more);
}
