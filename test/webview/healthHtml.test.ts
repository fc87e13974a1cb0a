// The Health view's HTML is panelHtml() with the view's script, stylesheet, title and loading text:
// the same strict policy, the loading text escaped as text.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { panelCsp, panelHtml } from '../../src/client/panel/panelHtml';

const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';
const nonce = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';

describe('panelHtml for the Health view', () => {
  test('its script, style, title and loading text, under the same policy', () => {
    const html = panelHtml({
      cspSource,
      nonce,
      scriptUri: `${cspSource}/ext/dist/health.js`,
      styleUri: `${cspSource}/ext/media/health.css`,
      title: 'Leadership Health',
      loadingText: 'Loading <b>health</b>…',
    });
    assert.ok(html.includes(`<script nonce="${nonce}" src="${cspSource}/ext/dist/health.js"></script>`));
    assert.ok(html.includes(`<link rel="stylesheet" href="${cspSource}/ext/media/health.css">`));
    assert.ok(html.includes('<title>Leadership Health</title>'));
    assert.ok(html.includes('<p class="loading">Loading &#60;b&#62;health&#60;/b&#62;…</p>'));
    assert.ok(html.includes(panelCsp(cspSource, nonce).replace(/'/g, "'")));
    assert.ok(!html.includes('Loading the Lease'));
    assert.ok(
      panelHtml({ cspSource, nonce, scriptUri: 'a', styleUri: 'b', title: 't' }).includes('Loading the Lease…'),
      'the panel keeps its text',
    );
  });
});
