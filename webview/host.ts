// The webview's side of the host connection: acquireVsCodeApi once, typed posting, and the
// persisted panel state (vscode.setState / getState).
import type { PanelPersistedState, WebviewToHost } from '../src/shared/webviewProtocol';
import { parsePanelPersistedState } from '../src/shared/webviewMessages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  /** Defined by VS Code in every webview; may be called only once. */
  function acquireVsCodeApi(): VsCodeApi;
}

export interface Host {
  post(message: WebviewToHost): void;
  /** The state persisted before a reload, validated (it is JSON from an earlier session). */
  persisted(): PanelPersistedState | undefined;
  persist(state: PanelPersistedState): void;
}

export function connectHost(): Host {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    persisted: () => parsePanelPersistedState(api.getState()),
    persist: (state) => api.setState(state),
  };
}
