// The Lease panel's HTML document (and the Leadership Health view's: same policy, its own script,
// stylesheet, title and loading text): a shell with a strict Content-Security-Policy that loads the
// webview bundle and its stylesheet, and carries the panel's language and strings in a meta
// element (JSON in an attribute: data, never markup or script). Pure (no vscode import) so it can be unit-tested and served by
// the headless-Chromium harness exactly as VS Code would show it.
//
// The policy, directive by directive:
// - default-src 'none': nothing is allowed unless named below (no fetch/XHR/WebSocket, frames,
//   workers, objects, media, manifests).
// - script-src 'nonce-…': only the one <script> element carrying the nonce runs. No inline scripts,
//   no inline event handlers, no eval / new Function (no 'unsafe-eval'), and no other script URL,
//   not even one from the webview's own origin.
// - style-src ${cspSource} ['nonce-<styleNonce>']: stylesheets from the extension (media/panel.css,
//   codicons), and nothing inline: no 'unsafe-inline', so injected <style> elements and style=""
//   attributes are refused. @vscode/webview-ui-toolkit (FAST) needs no more than that: it styles its
//   components with constructable stylesheets (`adoptedStyleSheets`) and sets design tokens and grid
//   columns through the CSSOM (`el.style.setProperty`, `insertRule`), which style-src does not
//   govern. The one inline <style> it creates is a probe (fast-web-utilities canUseFocusVisible:
//   a throwaway <style> that tests `:focus-visible`); it carries the nonce found in
//   <meta property="csp-nonce">. With `styleNonce` given, the probe is allowed and the toolkit draws
//   focus rings for keyboard focus only (:focus-visible); without it the probe is refused and the
//   toolkit falls back to :focus. The style nonce is separate from the script nonce because the meta
//   element exposes it to the DOM (Chromium hides a script's nonce attribute; a meta's content is
//   not hidden). (vscode-badge is not used: its template carries a style="" binding that the policy
//   reports; the panel draws its count badges itself.) VS Code's own default-styles element is
//   prepended to <head> before this meta element is parsed, and a meta policy only governs what
//   comes after it.
// - img-src ${cspSource} data:: images from the extension, and data: URLs for small inline images
//   (an image cannot run script). The toolkit's own icons are inline <svg> in its templates.
// - font-src ${cspSource}: the codicon font.
// - require-trusted-types-for 'script'; trusted-types fast-html: every HTML sink (innerHTML,
//   outerHTML, insertAdjacentHTML, document.write…) refuses plain strings. Only FAST's template
//   policy ("fast-html", used for the toolkit's own static templates) may create markup; the panel
//   itself never does: every string from a cluster is rendered with textContent / text nodes.
// - base-uri 'none'; form-action 'none': no <base> hijacking, no form submission anywhere.

import { t } from '../../shared/l10n';
import { panelL10nMetaName, type PanelL10n } from '../../shared/webviewProtocol';

export interface PanelHtmlOptions {
  /** `webview.cspSource`: the origin the extension's resources are served from. */
  cspSource: string;
  /** A fresh nonce per document for the script, see makeNonce(). */
  nonce: string;
  /**
   * A second fresh nonce, for the toolkit's one inline <style> probe (see the header comment).
   * Optional: without it the toolkit still works, with :focus instead of :focus-visible rings.
   */
  styleNonce?: string;
  /** `webview.asWebviewUri(dist/webview.js)`. */
  scriptUri: string;
  /** `webview.asWebviewUri(media/panel.css)`. */
  styleUri: string;
  /** `webview.asWebviewUri(…/codicon.css)`, when codicons are shipped. */
  codiconsUri?: string;
  /** Stylesheets our webviews share (media/common.css), linked before `styleUri`. */
  sharedStyleUris?: string[];
  /** The document title (a lease name: cluster data, escaped here). */
  title: string;
  /** The UI language and strings for the webview (a meta element); absent: English. */
  l10n?: PanelL10n;
  /** What the page says until its script draws (already translated); absent: "Loading the Lease…". */
  loadingText?: string;
}

const nonceAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 32 random alphanumerics from the platform's CSPRNG (globalThis.crypto: Node 20 and browsers). */
export function makeNonce(): string {
  const out: string[] = [];
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 62).
  const limit = 256 - (256 % nonceAlphabet.length);
  while (out.length < 32) {
    const bytes = new Uint8Array(48);
    globalThis.crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      if (byte < limit && out.length < 32) {
        out.push(nonceAlphabet[byte % nonceAlphabet.length]);
      }
    }
  }
  return out.join('');
}

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Escapes a double-quoted attribute value, leaving single quotes readable (CSP keywords). */
function escapeAttr(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The Content-Security-Policy of the panel document (see the header comment for the reasons). */
export function panelCsp(cspSource: string, nonce: string, styleNonce?: string): string {
  return [
    `default-src 'none'`,
    `img-src ${cspSource} data:`,
    styleNonce ? `style-src ${cspSource} 'nonce-${styleNonce}'` : `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `require-trusted-types-for 'script'`,
    `trusted-types fast-html`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
}

const safeToken = /^[A-Za-z0-9+/=_-]+$/;

/**
 * `webview.cspSource` is one or more source expressions: VS Code gives a single host, code-server
 * gives `'self' https://*.vscode-cdn.net`. Anything that could end the directive or add a keyword
 * other than 'self' (such as 'unsafe-inline') is refused.
 */
function validCspSource(source: string): boolean {
  const parts = source.trim().split(/\s+/);
  return parts.length > 0 && parts.every((p) => p === "'self'" || /^[^\s;,'"]+$/.test(p));
}

export function panelHtml(opts: PanelHtmlOptions): string {
  if (!safeToken.test(opts.nonce) || (opts.styleNonce !== undefined && !safeToken.test(opts.styleNonce))) {
    throw new Error('panelHtml: nonces must be base64 or alphanumeric (use makeNonce())');
  }
  if (opts.styleNonce === opts.nonce) {
    throw new Error('panelHtml: the style nonce must differ from the script nonce');
  }
  if (!validCspSource(opts.cspSource)) {
    throw new Error(`panelHtml: cspSource must be CSP source expressions ('self' or hosts), got ${JSON.stringify(opts.cspSource)}`);
  }
  const attr = escapeAttr;
  const codicons = [opts.codiconsUri, ...(opts.sharedStyleUris ?? [])]
    .filter((uri): uri is string => uri !== undefined)
    .map((uri) => `\n    <link rel="stylesheet" href="${attr(uri)}">`)
    .join('');
  const l10n: PanelL10n = opts.l10n ?? { language: 'en', strings: {} };
  const language = /^[A-Za-z0-9-]{1,35}$/.test(l10n.language) ? l10n.language : 'en';
  return `<!DOCTYPE html>
<html lang="${language}">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attr(panelCsp(opts.cspSource, opts.nonce, opts.styleNonce))}">${
      opts.styleNonce ? `\n    <meta property="csp-nonce" content="${attr(opts.styleNonce)}">` : ''
    }
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <meta name="${panelL10nMetaName}" content="${attr(JSON.stringify({ language, strings: l10n.strings }))}">
    <title>${escapeHtml(opts.title)}</title>${codicons}
    <link rel="stylesheet" href="${attr(opts.styleUri)}">
  </head>
  <body>
    <main id="app" aria-live="off"><p class="loading">${escapeHtml(opts.loadingText ?? t('Loading the Lease…'))}</p></main>
    <script nonce="${attr(opts.nonce)}" src="${attr(opts.scriptUri)}"></script>
  </body>
</html>
`;
}
