// The Health view's side of the host connection (webview/host.ts), with its persisted view state
// (sort, filter, flagged only, selection).
import type { HealthViewState, HealthViewToHost } from '../../src/shared/healthViewProtocol';
import { parseHealthViewState } from '../../src/shared/healthViewMessages';
import { connectWebviewHost, type WebviewHost } from '../host';

export type HealthHost = WebviewHost<HealthViewToHost, HealthViewState>;

export function connectHealthHost(): HealthHost {
  return connectWebviewHost(parseHealthViewState);
}
