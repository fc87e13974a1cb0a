// The one parser of what crosses the host ↔ Leadership Health view boundary
// (healthViewProtocol.ts), in the style of webviewMessages.ts: the host checks the view's messages
// and the state a restored view was saved with, the view checks the host's messages and its own
// persisted state; each gets the typed value or undefined. Rows and terms are checked field by
// field (they are drawn); a row or term that fails is left out rather than failing the whole
// message, so one bad Lease cannot blank the view. Pure.
import { isFiniteNumber, isRecord } from './guards';
import { healthFlagOrder, type HealthDetail, type HealthFlag, type HealthRow, type HealthTerm } from './health';
import type { HealthViewContext, HealthViewSettings, HealthViewState, HealthViewToHost, HostToHealthView } from './healthViewProtocol';
import { parseLeaseKey, type ContextPhase, type LeaseKey } from './types';

/** Longest LeaseKey accepted from the view or persisted state. */
const maxLeaseKeyLength = 1024;
/** Longest filter text kept in persisted state. */
export const maxHealthFilterLength = 1000;
/** Longest sort column name kept in persisted state. */
const maxSortColumnLength = 64;

const contextPhases: readonly ContextPhase[] = [
  'idle',
  'connecting',
  'connected',
  'partial',
  'unauthorized',
  'forbidden',
  'unreachable',
  'misconfigured',
];
const termEnds: readonly string[] = ['released', 'expired', 'taken-over', 'deleted', 'unknown'];

function isLeaseKey(value: unknown): value is LeaseKey {
  return typeof value === 'string' && value.length <= maxLeaseKeyLength && parseLeaseKey(value) !== undefined;
}

function isOptionalNumber(value: unknown): boolean {
  return value === undefined || isFiniteNumber(value);
}

function isHealthFlag(value: unknown): value is HealthFlag {
  return typeof value === 'string' && (healthFlagOrder as readonly string[]).includes(value);
}

/** A HealthRow with every field of its type (flags known ones only). */
export function isHealthRow(value: unknown): value is HealthRow {
  return (
    isRecord(value) &&
    typeof value.key === 'string' &&
    typeof value.context === 'string' &&
    typeof value.namespace === 'string' &&
    typeof value.name === 'string' &&
    typeof value.holder === 'string' &&
    isOptionalNumber(value.renewedAt) &&
    isOptionalNumber(value.observedAt) &&
    isOptionalNumber(value.durationMs) &&
    (value.deleted === undefined || typeof value.deleted === 'boolean') &&
    isFiniteNumber(value.transitionsHour) &&
    isFiniteNumber(value.transitionsDay) &&
    isOptionalNumber(value.lastGapMs) &&
    isOptionalNumber(value.longestGapMs) &&
    isOptionalNumber(value.renewMedianMs) &&
    isOptionalNumber(value.renewMaxMs) &&
    Array.isArray(value.flags) &&
    value.flags.every(isHealthFlag) &&
    isOptionalNumber(value.unknownSince) &&
    isFiniteNumber(value.terms) &&
    isFiniteNumber(value.eventTerms) &&
    (value.lock === undefined || value.lock === 'configmap' || value.lock === 'endpoints' || value.lock === 'leader-for-life')
  );
}

/** A HealthTerm with every field of its type. */
export function isHealthTerm(value: unknown): value is HealthTerm {
  return (
    isRecord(value) &&
    typeof value.holder === 'string' &&
    isFiniteNumber(value.acquiredAt) &&
    isOptionalNumber(value.lostAt) &&
    (value.end === undefined || (typeof value.end === 'string' && termEnds.includes(value.end))) &&
    (value.source === 'watch' || value.source === 'events') &&
    isOptionalNumber(value.gapBeforeMs) &&
    isFiniteNumber(value.renewals) &&
    isOptionalNumber(value.renewMedianMs) &&
    isOptionalNumber(value.renewMaxMs) &&
    isOptionalNumber(value.durationMs) &&
    isOptionalNumber(value.transitions)
  );
}

/** A HealthDetail: a valid row, valid terms and numeric renew intervals. */
export function isHealthDetail(value: unknown): value is HealthDetail {
  return (
    isRecord(value) &&
    isHealthRow(value.row) &&
    Array.isArray(value.terms) &&
    value.terms.every(isHealthTerm) &&
    Array.isArray(value.renewIntervals) &&
    value.renewIntervals.every(isFiniteNumber) &&
    isFiniteNumber(value.droppedTerms) &&
    isOptionalNumber(value.firstObservedAt)
  );
}

/** A detail or null (none kept); undefined when it is neither. */
export function parseHealthDetailOrNull(value: unknown): HealthDetail | null | undefined {
  if (value === null) {
    return null;
  }
  return isHealthDetail(value) ? value : undefined;
}

function parseContext(value: unknown): HealthViewContext | undefined {
  if (
    !isRecord(value) ||
    typeof value.context !== 'string' ||
    typeof value.phase !== 'string' ||
    !(contextPhases as readonly string[]).includes(value.phase) ||
    typeof value.synced !== 'boolean' ||
    (value.message !== undefined && typeof value.message !== 'string') ||
    !isOptionalNumber(value.unknownSince) ||
    !isOptionalNumber(value.clockSkewMs)
  ) {
    return undefined;
  }
  const context: HealthViewContext = { context: value.context, phase: value.phase as ContextPhase, synced: value.synced };
  if (typeof value.message === 'string') {
    context.message = value.message;
  }
  if (isFiniteNumber(value.unknownSince)) {
    context.unknownSince = value.unknownSince;
  }
  if (isFiniteNumber(value.clockSkewMs)) {
    context.clockSkewMs = value.clockSkewMs;
  }
  return context;
}

function parseSettings(value: unknown): HealthViewSettings | undefined {
  return isRecord(value) && isFiniteNumber(value.flapChanges) && isFiniteNumber(value.flapWindowMinutes)
    ? { flapChanges: value.flapChanges, flapWindowMinutes: value.flapWindowMinutes }
    : undefined;
}

/** A message from the extension host (view side). Invalid rows, keys and contexts are left out. */
export function parseHostToHealthView(value: unknown): HostToHealthView | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  switch (value.type) {
    case 'rows':
      return typeof value.reset === 'boolean' && Array.isArray(value.rows) && Array.isArray(value.removed) && isFiniteNumber(value.hostNow)
        ? {
            type: 'rows',
            reset: value.reset,
            rows: value.rows.filter(isHealthRow),
            removed: value.removed.filter(isLeaseKey),
            hostNow: value.hostNow,
          }
        : undefined;
    case 'contexts':
      return Array.isArray(value.contexts)
        ? { type: 'contexts', contexts: value.contexts.map(parseContext).filter((c): c is HealthViewContext => c !== undefined) }
        : undefined;
    case 'detail': {
      const detail = parseHealthDetailOrNull(value.detail);
      return isLeaseKey(value.key) && detail !== undefined && isFiniteNumber(value.hostNow)
        ? { type: 'detail', key: value.key, detail, hostNow: value.hostNow }
        : undefined;
    }
    case 'settings': {
      const settings = parseSettings(value.settings);
      return settings ? { type: 'settings', settings } : undefined;
    }
    case 'select':
      return isLeaseKey(value.key) ? { type: 'select', key: value.key } : undefined;
    default:
      return undefined;
  }
}

/** A message from the Health view (host side). */
export function parseHealthViewToHost(value: unknown): HealthViewToHost | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'follow':
    case 'select':
    case 'copyIncident':
      return isLeaseKey(value.key) ? { type: value.type, key: value.key } : undefined;
    default:
      return undefined;
  }
}

/** The state the view was saved with (`vscode.setState`): JSON from an earlier session; unknown or wrong fields are dropped. */
export function parseHealthViewState(value: unknown): HealthViewState | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const state: HealthViewState = {};
  if (typeof value.sortColumn === 'string' && value.sortColumn.length <= maxSortColumnLength) {
    state.sortColumn = value.sortColumn;
  }
  if (typeof value.sortDescending === 'boolean') {
    state.sortDescending = value.sortDescending;
  }
  if (typeof value.filter === 'string' && value.filter.length <= maxHealthFilterLength) {
    state.filter = value.filter;
  }
  if (typeof value.flaggedOnly === 'boolean') {
    state.flaggedOnly = value.flaggedOnly;
  }
  if (isLeaseKey(value.selected)) {
    state.selected = value.selected;
  }
  return state;
}
