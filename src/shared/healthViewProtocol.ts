// The extension host ↔ Leadership Health view webview protocol: a discriminated union on `type`.
// The view sends `ready` once its script runs; the host answers with `rows` (reset: every row it
// knows, with the context states and settings), then sends changed rows as they come. Selecting a
// row asks for its `detail` (the charts); the view never talks to a cluster. Both sides validate
// what they receive (src/shared/healthViewMessages.ts).
import type { HealthDetail, HealthRow } from './health';
import type { ContextState, LeaseKey } from './types';

export interface HealthViewSettings {
  /** Flapping: more than `flapChanges` leadership changes within `flapWindowMinutes`. */
  flapChanges: number;
  flapWindowMinutes: number;
}

/** A context as the view shows it above the table. */
export type HealthViewContext = Pick<ContextState, 'context' | 'phase' | 'message' | 'unknownSince' | 'clockSkewMs' | 'synced'>;

export type HostToHealthView =
  | {
      type: 'rows';
      /** True: these rows replace every row the view holds. */
      reset: boolean;
      rows: HealthRow[];
      removed: LeaseKey[];
      hostNow: number;
    }
  | { type: 'contexts'; contexts: HealthViewContext[] }
  | { type: 'detail'; key: LeaseKey; detail: HealthDetail | null; hostNow: number }
  | { type: 'settings'; settings: HealthViewSettings }
  /** Select this Lease and scroll it into view (the flapping alert's "Show"). */
  | { type: 'select'; key: LeaseKey };

export type HealthViewToHost =
  | { type: 'ready' }
  /** Follow the Lease (opens its panel). */
  | { type: 'follow'; key: LeaseKey }
  /** The row was selected: send its detail, and again when it changes. */
  | { type: 'select'; key: LeaseKey }
  /** Copy the Lease's incident summary (Markdown) to the clipboard. */
  | { type: 'copyIncident'; key: LeaseKey };

/** Persisted with `vscode.setState`: the view's sort, filter and selection survive a reload. */
export interface HealthViewState {
  sortColumn?: string;
  sortDescending?: boolean;
  filter?: string;
  /** Only rows with at least one flag. */
  flaggedOnly?: boolean;
  selected?: LeaseKey;
}
