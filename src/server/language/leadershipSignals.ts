// How each leadership signal shows in a controller-log document: its words in the outline, its
// symbol kind (the outline icon), and the diagnostic it raises, if any.
import { DiagnosticSeverity, SymbolKind } from 'vscode-languageserver';
import type { LeadershipSignal } from '../../shared/types';

export interface SignalPresentation {
  /** Words for the outline: "Acquired the lease". */
  label: string;
  kind: SymbolKind;
  /** The diagnostic a line with this signal raises. */
  diagnostic?: { severity: DiagnosticSeverity; says: string };
}

export const signalPresentation: Readonly<Record<LeadershipSignal, SignalPresentation>> = {
  attempting: { label: 'Attempting to acquire', kind: SymbolKind.Event },
  acquired: { label: 'Acquired the lease', kind: SymbolKind.Key },
  'renew-failed': {
    label: 'Failed to renew',
    kind: SymbolKind.Operator,
    diagnostic: { severity: DiagnosticSeverity.Warning, says: 'failed to renew the lease' },
  },
  'lock-update-failed': {
    label: 'Failed to update the lock',
    kind: SymbolKind.Operator,
    diagnostic: { severity: DiagnosticSeverity.Warning, says: 'failed to update the lock' },
  },
  'lock-get-failed': {
    label: 'Failed to read the lock',
    kind: SymbolKind.Operator,
    diagnostic: { severity: DiagnosticSeverity.Warning, says: 'failed to read the lock' },
  },
  lost: {
    label: 'Lost leadership',
    kind: SymbolKind.Null,
    diagnostic: { severity: DiagnosticSeverity.Error, says: 'lost the leader election' },
  },
  'new-leader': { label: 'New leader elected', kind: SymbolKind.Constant },
  released: { label: 'Released the lease', kind: SymbolKind.Boolean },
};
