// Messages from the Lease panel webview are untrusted input: check their shape before acting.
// Pure.
import { toLogFilterState } from '../../core/logFilter';
import { parseLeaseKey, type LeaseKey } from '../../shared/types';
import type { PanelPersistedState, WebviewToHost } from '../../shared/webviewProtocol';

/** Longest text the webview may ask to copy. */
export const maxCopyLength = 1_000_000;

function isLeaseKey(value: unknown): value is LeaseKey {
  return typeof value === 'string' && value.length <= 1024 && parseLeaseKey(value) !== undefined;
}

export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'openLogsInEditor': {
      const filter = toLogFilterState(m.filter);
      return isLeaseKey(m.key) && filter ? { type: 'openLogsInEditor', key: m.key, filter } : undefined;
    }
    case 'copy':
      return typeof m.text === 'string' && m.text.length <= maxCopyLength ? { type: 'copy', text: m.text } : undefined;
    case 'showEvents':
      return isLeaseKey(m.key) ? { type: 'showEvents', key: m.key } : undefined;
    default:
      return undefined;
  }
}

/** The state a restored panel was saved with, if it names a Lease. */
export function parsePersistedState(value: unknown): PanelPersistedState | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const s = value as Record<string, unknown>;
  if (!isLeaseKey(s.key)) {
    return undefined;
  }
  const state: PanelPersistedState = { key: s.key };
  const filter = toLogFilterState(s.filter);
  if (filter) {
    state.filter = filter;
  }
  if (typeof s.paused === 'boolean') {
    state.paused = s.paused;
  }
  return state;
}
