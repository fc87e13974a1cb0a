// The one parser of what crosses the host ↔ webview boundary (webviewProtocol.ts): each side
// checks what it receives — the host the webview's messages and the state a restored panel was
// saved with, the webview the host's messages and its own persisted state — and gets the typed
// value or undefined. Anything else (another extension's or a stray message) is ignored. Pure.
import { isRecord } from './guards';
import { fatesFieldOk } from './fate';
import { parseHealthDetailOrNull } from './healthViewMessages';
import { parseLeaseKey, type FollowSnapshot, type FollowUpdate, type LeaseKey } from './types';
import {
  defaultPanelSettings,
  type HostToWebview,
  type LogFilterState,
  type PanelL10n,
  type PanelPersistedState,
  type PanelSettings,
  type WebviewToHost,
} from './webviewProtocol';

/** Longest text the webview may ask to copy. */
export const maxCopyLength = 1_000_000;

/** Longest LeaseKey accepted from the webview or persisted state. */
const maxLeaseKeyLength = 1024;

function isLeaseKey(value: unknown): value is LeaseKey {
  return typeof value === 'string' && value.length <= maxLeaseKeyLength && parseLeaseKey(value) !== undefined;
}

/** A filter state from untrusted JSON (persisted webview state, a message, a URI query), or undefined. */
export function parseLogFilterState(value: unknown): LogFilterState | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const preset = value.preset;
  if (preset !== 'leadership' && preset !== 'errors' && preset !== 'all') {
    return undefined;
  }
  return {
    preset,
    text: typeof value.text === 'string' ? value.text : '',
    regex: value.regex === true,
    caseSensitive: value.caseSensitive === true,
    invert: value.invert === true,
  };
}

/**
 * The panel's language and strings, read from the panel HTML (webview side): a language tag (BCP 47
 * letters, digits and dashes, as `vscode.env.language` gives, e.g. `pt-br`) and a table of strings. Entries that are not string → string are left out; anything else is undefined.
 */
export function parsePanelL10n(value: unknown): PanelL10n | undefined {
  if (!isRecord(value) || typeof value.language !== 'string' || !/^[A-Za-z0-9-]{1,35}$/.test(value.language)) {
    return undefined;
  }
  const strings: Record<string, string> = {};
  if (isRecord(value.strings)) {
    for (const [message, translation] of Object.entries(value.strings)) {
      if (typeof translation === 'string') {
        strings[message] = translation;
      }
    }
  }
  return { language: value.language, strings };
}

/** A message from the Lease panel webview (host side). */
export function parseWebviewToHost(value: unknown): WebviewToHost | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'openLogsInEditor': {
      const filter = parseLogFilterState(value.filter);
      return isLeaseKey(value.key) && filter ? { type: 'openLogsInEditor', key: value.key, filter } : undefined;
    }
    case 'copy':
      return typeof value.text === 'string' && value.text.length <= maxCopyLength ? { type: 'copy', text: value.text } : undefined;
    case 'showEvents':
      return isLeaseKey(value.key) ? { type: 'showEvents', key: value.key } : undefined;
    case 'generateMonitoring':
      return isLeaseKey(value.key) ? { type: 'generateMonitoring', key: value.key } : undefined;
    default:
      return undefined;
  }
}

/** The state a panel was saved with (`vscode.setState`), if it names a Lease: JSON from an earlier session. */
export function parsePanelPersistedState(value: unknown): PanelPersistedState | undefined {
  if (!isRecord(value) || !isLeaseKey(value.key)) {
    return undefined;
  }
  const state: PanelPersistedState = { key: value.key };
  const filter = parseLogFilterState(value.filter);
  if (filter) {
    state.filter = filter;
  }
  if (typeof value.paused === 'boolean') {
    state.paused = value.paused;
  }
  return state;
}

function isSettings(value: unknown): value is PanelSettings {
  return isRecord(value) && Object.keys(defaultPanelSettings).every((name) => typeof value[name] === 'number');
}

/** podMetrics and splitBrain, when present, have their shapes (issue 16 §2). */
function splitBrainFieldsOk(value: Record<string, unknown>): boolean {
  const s = value.splitBrain;
  return (
    (value.podMetrics === undefined || Array.isArray(value.podMetrics)) &&
    (s === undefined || (isRecord(s) && typeof s.alarm === 'boolean' && typeof s.retryPeriodMs === 'number' && Array.isArray(s.evidence)))
  );
}

function isSnapshot(value: unknown): value is FollowSnapshot {
  return (
    isRecord(value) &&
    splitBrainFieldsOk(value) &&
    fatesFieldOk(value.fates) &&
    typeof value.key === 'string' &&
    Array.isArray(value.events) &&
    Array.isArray(value.pods) &&
    Array.isArray(value.logs) &&
    isRecord(value.timeline) &&
    Array.isArray(value.timeline.terms)
  );
}

function isUpdate(value: unknown): value is FollowUpdate {
  return (
    isRecord(value) &&
    splitBrainFieldsOk(value) &&
    fatesFieldOk(value.fates) &&
    typeof value.key === 'string' &&
    (value.events === undefined || Array.isArray(value.events)) &&
    (value.pods === undefined || Array.isArray(value.pods)) &&
    (value.logs === undefined || Array.isArray(value.logs)) &&
    (value.timeline === undefined || (isRecord(value.timeline) && Array.isArray(value.timeline.terms)))
  );
}

/** A message from the extension host: the union by `type`, with the fields each branch needs (webview side). */
export function parseHostToWebview(value: unknown): HostToWebview | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  switch (value.type) {
    case 'snapshot':
      return isSnapshot(value.snapshot) && isSettings(value.settings) && typeof value.hostNow === 'number'
        ? { type: 'snapshot', snapshot: value.snapshot, settings: value.settings, hostNow: value.hostNow }
        : undefined;
    case 'update':
      return isUpdate(value.update) && typeof value.hostNow === 'number'
        ? { type: 'update', update: value.update, hostNow: value.hostNow }
        : undefined;
    case 'settings':
      return isSettings(value.settings) ? { type: 'settings', settings: value.settings } : undefined;
    case 'health': {
      const detail = parseHealthDetailOrNull(value.detail);
      return detail !== undefined && typeof value.hostNow === 'number' ? { type: 'health', detail, hostNow: value.hostNow } : undefined;
    }
    default:
      return undefined;
  }
}
