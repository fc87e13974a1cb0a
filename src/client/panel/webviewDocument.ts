// The HTML document of one of our webviews (the Lease panel, the Health view): panelHtml's shell
// and policy with fresh nonces, the extension's resources as webview URIs, and the UI language.
import * as vscode from 'vscode';
import { makeNonce, panelHtml } from './panelHtml';

export interface WebviewDocument {
  /** The bundle under dist/, e.g. 'webview.js'. */
  script: string;
  /** The stylesheet under media/, e.g. 'panel.css'. */
  style: string;
  /** The document title (a Lease name: cluster data, escaped by panelHtml). */
  title: string;
  /** Shown until the script draws, in the UI language. */
  loadingText?: string;
}

export function webviewDocument(webview: vscode.Webview, extensionUri: vscode.Uri, doc: WebviewDocument): string {
  const asUri = (...path: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  return panelHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    styleNonce: makeNonce(),
    scriptUri: asUri('dist', doc.script),
    styleUri: asUri('media', doc.style),
    sharedStyleUris: [asUri('media', 'common.css')],
    title: doc.title,
    l10n: { language: vscode.env.language, strings: vscode.l10n.bundle ?? {} },
    loadingText: doc.loadingText,
  });
}
