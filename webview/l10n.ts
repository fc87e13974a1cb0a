// The panel's language and strings: read once from the panel HTML, where the host put them
// (PanelL10n in src/shared/webviewProtocol.ts), and installed for every `t()` of the webview and of
// src/core. The webview has no strings of its own to fall back on but the English messages the host
// also keys its bundle by: a missing or unreadable table shows English.
import { t, useL10n } from '../src/shared/l10n';
import { parsePanelL10n } from '../src/shared/webviewMessages';
import { panelL10nMetaName } from '../src/shared/webviewProtocol';

function readJson(text: string | null | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Installs the panel HTML's language and strings; returns the language. */
export function installPanelL10n(doc: Document = document): string {
  const meta = doc.querySelector(`meta[name="${panelL10nMetaName}"]`);
  const l10n = parsePanelL10n(readJson(meta?.getAttribute('content')));
  const language = l10n?.language ?? 'en';
  useL10n({ language, bundle: l10n?.strings });
  return language;
}

/**
 * A translated message whose placeholders are elements: `tNodes('set {0} to a selector', code)`
 * gives the text around `{0}` as strings and the element in its place, in the translation's order.
 */
export function tNodes(message: string, ...nodes: Node[]): Array<Node | string> {
  return t(message)
    .split(/(\{\d+\})/)
    .filter((part) => part !== '')
    .map((part) => {
      const index = /^\{(\d+)\}$/.exec(part)?.[1];
      return index === undefined ? part : (nodes[Number(index)] ?? part);
    });
}
