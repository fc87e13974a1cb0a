// A webview's side of the host connection: acquireVsCodeApi once, typed posting, and the persisted
// state (vscode.setState / getState), validated by the app's own parser. Used by the Lease panel
// (connectHost) and the Health view (webview/health/host.ts).
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

export interface WebviewHost<ToHost, State> {
  post(message: ToHost): void;
  /** The state persisted before a reload, validated (it is JSON from an earlier session). */
  persisted(): State | undefined;
  persist(state: State): void;
}

export function connectWebviewHost<ToHost, State>(parseState: (value: unknown) => State | undefined): WebviewHost<ToHost, State> {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    persisted: () => parseState(api.getState()),
    persist: (state) => api.setState(state),
  };
}

/** The Lease panel's host. */
export type Host = WebviewHost<WebviewToHost, PanelPersistedState>;

export function connectHost(): Host {
  return connectWebviewHost(parsePanelPersistedState);
}
