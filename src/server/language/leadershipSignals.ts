// How each leadership signal shows in a controller-log document: its words in the outline, its
// symbol kind (the outline icon), and the diagnostic it raises, if any. Words are looked up when
// used, in the UI language the client gave at initialize.
import { DiagnosticSeverity, SymbolKind } from 'vscode-languageserver';
import { t } from '../../shared/l10n';
import type { LeadershipSignal } from '../../shared/types';

export interface SignalPresentation {
  /** Words for the outline: "Acquired the lease". */
  label: () => string;
  kind: SymbolKind;
  /** The diagnostic a line with this signal raises: `says(who)` is "cp-1 failed to renew the lease". */
  diagnostic?: { severity: DiagnosticSeverity; says: (who: string) => string };
}

export const signalPresentation: Readonly<Record<LeadershipSignal, SignalPresentation>> = {
  attempting: { label: () => t('Attempting to acquire'), kind: SymbolKind.Event },
  acquired: { label: () => t('Acquired the lease'), kind: SymbolKind.Key },
  'renew-failed': {
    label: () => t('Failed to renew'),
    kind: SymbolKind.Operator,
    diagnostic: { severity: DiagnosticSeverity.Warning, says: (who) => t('{0} failed to renew the lease', who) },
  },
  'lock-update-failed': {
    label: () => t('Failed to update the lock'),
    kind: SymbolKind.Operator,
    diagnostic: { severity: DiagnosticSeverity.Warning, says: (who) => t('{0} failed to update the lock', who) },
  },
  'lock-get-failed': {
    label: () => t('Failed to read the lock'),
    kind: SymbolKind.Operator,
    diagnostic: { severity: DiagnosticSeverity.Warning, says: (who) => t('{0} failed to read the lock', who) },
  },
  lost: {
    label: () => t('Lost leadership'),
    kind: SymbolKind.Null,
    diagnostic: { severity: DiagnosticSeverity.Error, says: (who) => t('{0} lost the leader election', who) },
  },
  'new-leader': { label: () => t('New leader elected'), kind: SymbolKind.Constant },
  released: { label: () => t('Released the lease'), kind: SymbolKind.Boolean },
};
