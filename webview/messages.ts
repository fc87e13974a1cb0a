// Messages from the extension host, checked before use: the union of HostToWebview by `type`,
// with the fields each branch needs. Anything else (another extension's or a stray message) is
// ignored.
import type { HostToWebview, PanelSettings } from '../src/shared/webviewProtocol';
import type { FollowSnapshot, FollowUpdate } from '../src/shared/types';

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSettings(value: unknown): value is PanelSettings {
  return (
    isObject(value) &&
    typeof value.flapChanges === 'number' &&
    typeof value.flapWindowMinutes === 'number' &&
    typeof value.logBufferLines === 'number' &&
    typeof value.expiringSeconds === 'number'
  );
}

function isSnapshot(value: unknown): value is FollowSnapshot {
  return (
    isObject(value) &&
    typeof value.key === 'string' &&
    Array.isArray(value.events) &&
    Array.isArray(value.pods) &&
    Array.isArray(value.logs) &&
    isObject(value.timeline) &&
    Array.isArray(value.timeline.terms)
  );
}

function isUpdate(value: unknown): value is FollowUpdate {
  return (
    isObject(value) &&
    typeof value.key === 'string' &&
    (value.events === undefined || Array.isArray(value.events)) &&
    (value.pods === undefined || Array.isArray(value.pods)) &&
    (value.logs === undefined || Array.isArray(value.logs)) &&
    (value.timeline === undefined || (isObject(value.timeline) && Array.isArray(value.timeline.terms)))
  );
}

export function parseHostMessage(data: unknown): HostToWebview | undefined {
  if (!isObject(data)) {
    return undefined;
  }
  switch (data.type) {
    case 'snapshot':
      return isSnapshot(data.snapshot) && isSettings(data.settings) && typeof data.hostNow === 'number'
        ? { type: 'snapshot', snapshot: data.snapshot, settings: data.settings, hostNow: data.hostNow }
        : undefined;
    case 'update':
      return isUpdate(data.update) && typeof data.hostNow === 'number'
        ? { type: 'update', update: data.update, hostNow: data.hostNow }
        : undefined;
    case 'settings':
      return isSettings(data.settings) ? { type: 'settings', settings: data.settings } : undefined;
    default:
      return undefined;
  }
}

export function onHostMessage(handler: (message: HostToWebview) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = parseHostMessage(event.data);
    if (message) {
      handler(message);
    }
  });
}
