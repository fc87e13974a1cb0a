// What a split-brain notification says: one Lease with what the alarm rests on, or a summary of
// several. Cluster strings as plain text (a notification would make `[x](command:…)` a link). Pure.
import { t, tn } from '../../shared/l10n';
import type { SplitBrainState } from '../../shared/splitBrain';
import type { LeaseKey } from '../../shared/types';
import { plainText } from '../../core/untrustedText';
import { leaseWords } from '../health/flappingMessage';
import type { SplitBrainNotice } from './splitBrainPolicy';

export function splitBrainMessage(notice: SplitBrainNotice, stateOf: (key: LeaseKey) => SplitBrainState | undefined): string {
  const [only] = notice.keys;
  if (notice.keys.length === 1 && only !== undefined) {
    const evidence = (stateOf(only)?.evidence ?? []).map((e) => plainText(e.detail, 160));
    return t('Lease Lens: split brain in {0}: {1}', leaseWords(only), evidence.join('; ') || t('more than one replica believes it leads'));
  }
  const shown = notice.keys.slice(0, 3).map(leaseWords).join('; ');
  const more = notice.keys.length > 3 ? t(' and {0} more', notice.keys.length - 3) : '';
  return t('Lease Lens: split brain in {0}: {1}{2}.', tn(notice.keys.length, '{0} Lease|{0} Leases'), shown, more);
}
