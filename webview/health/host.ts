// The Health view's side of the host connection: acquireVsCodeApi once, typed posting, and the
// persisted view state (sort, filter, flagged only, selection) through vscode.setState.
import type { HealthViewState, HealthViewToHost } from '../../src/shared/healthViewProtocol';
import { parseHealthViewState } from '../../src/shared/healthViewMessages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  /** Defined by VS Code in every webview; may be called only once. */
  function acquireVsCodeApi(): VsCodeApi;
}

export interface HealthHost {
  post(message: HealthViewToHost): void;
  /** The state persisted before a reload, validated (JSON from an earlier session). */
  persisted(): HealthViewState | undefined;
  persist(state: HealthViewState): void;
}

export function connectHealthHost(): HealthHost {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    persisted: () => parseHealthViewState(api.getState()),
    persist: (state) => api.setState(state),
  };
}
