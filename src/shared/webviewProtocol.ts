// The extension host ↔ Lease panel webview protocol: a discriminated union on `type`.
// The webview sends `ready` once its script runs; the host answers with a full `snapshot`,
// and sends a fresh `snapshot` whenever the panel becomes visible again. Before any message, the
// panel's HTML carries its language and strings (PanelL10n): the webview shows no text of its own.
import type { HealthDetail } from './health';
import type { L10nBundle } from './l10n';
import { settingTable } from './settings';
import type { FollowSnapshot, FollowUpdate, LeaseKey } from './types';

export interface PanelSettings {
  /** Flapping: more than `flapChanges` holder changes within `flapWindowMinutes`. */
  flapChanges: number;
  flapWindowMinutes: number;
  /** Most log lines the panel keeps. */
  logBufferLines: number;
  /** Seconds left below which a held lease counts as expiring (at least this, or a third of the duration). */
  expiringSeconds: number;
}

/** The defaults of the settings table (src/shared/settings.ts). */
export const defaultPanelSettings: PanelSettings = {
  flapChanges: settingTable.flapChanges.default,
  flapWindowMinutes: settingTable.flapWindowMinutes.default,
  logBufferLines: settingTable.logBufferLines.default,
  expiringSeconds: settingTable.expiringSeconds.default,
};

/**
 * The panel's UI language and strings, in the panel HTML (`<meta name="lease-lens-l10n">`, JSON):
 * `language` is `vscode.env.language`, `strings` the host's `vscode.l10n.bundle` (English message →
 * translation; empty for English). The webview installs them with useL10n before drawing anything.
 */
export interface PanelL10n {
  language: string;
  strings: L10nBundle;
}

/** The name of the panel HTML's meta element that holds the PanelL10n. */
export const panelL10nMetaName = 'lease-lens-l10n';

export type HostToWebview =
  | { type: 'snapshot'; snapshot: FollowSnapshot; settings: PanelSettings; hostNow: number }
  | { type: 'update'; update: FollowUpdate; hostNow: number }
  | { type: 'settings'; settings: PanelSettings }
  /** The Lease's leadership record from the Lease server (terms before the follow, how each ended, flags); null: none kept. */
  | { type: 'health'; detail: HealthDetail | null; hostNow: number };

export type LogPreset = 'leadership' | 'errors' | 'all';

export interface LogFilterState {
  preset: LogPreset;
  text: string;
  regex: boolean;
  caseSensitive: boolean;
  invert: boolean;
}

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'openLogsInEditor'; key: LeaseKey; filter: LogFilterState }
  | { type: 'copy'; text: string }
  | { type: 'showEvents'; key: LeaseKey }
  /** Run "Generate Monitoring" for the panel's Lease. */
  | { type: 'generateMonitoring'; key: LeaseKey };

/** Persisted with `vscode.setState` and handed to the panel serializer after a reload. */
export interface PanelPersistedState {
  key: LeaseKey;
  filter?: LogFilterState;
  paused?: boolean;
}
