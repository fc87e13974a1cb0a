// The panel's language and strings travel in its HTML (src/client/panel/panelHtml.ts) and are read
// back with the shared parser (src/shared/webviewMessages.ts): what goes in comes out, escaped on
// the way, and anything malformed is dropped.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { panelHtml } from '../../src/client/panel/panelHtml';
import { parsePanelL10n } from '../../src/shared/webviewMessages';
import { panelL10nMetaName } from '../../src/shared/webviewProtocol';

const base = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'AbCdEfGhIjKlMnOpQrStUvWxYz012345',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css',
  title: 'kube-scheduler',
};

/** The meta element's content, unescaped as a browser would. */
function metaContent(html: string): unknown {
  const m = new RegExp(`<meta name="${panelL10nMetaName}" content="([^"]*)">`).exec(html);
  assert.ok(m?.[1] !== undefined, 'the meta element is there');
  return JSON.parse(m[1].replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))));
}

describe('panel l10n in the HTML', () => {
  test('the language goes to <html lang> and the strings to the meta element, escaped', () => {
    const strings = { Holder: 'Владелец', '"quoted" <b>': '«в кавычках» <b>&' };
    const html = panelHtml({ ...base, l10n: { language: 'ru', strings } });
    assert.match(html, /<html lang="ru">/);
    assert.doesNotMatch(html, /<b>/, 'markup in the strings is escaped');
    assert.deepEqual(parsePanelL10n(metaContent(html)), { language: 'ru', strings });
  });

  test('without l10n: English, no strings; a bad language tag falls back to English', () => {
    assert.deepEqual(parsePanelL10n(metaContent(panelHtml(base))), { language: 'en', strings: {} });
    const html = panelHtml({ ...base, l10n: { language: 'ru"><script>', strings: {} } });
    assert.match(html, /<html lang="en">/);
    assert.equal(html.match(/<script/g)?.length, 1);
  });

  test('the parser keeps string entries only and refuses what is not a language and a table', () => {
    assert.deepEqual(parsePanelL10n({ language: 'pt-br', strings: { a: 'b', n: 1, o: {} } }), { language: 'pt-br', strings: { a: 'b' } });
    assert.equal(parsePanelL10n({ language: 'ru ru', strings: {} }), undefined);
    assert.equal(parsePanelL10n({ strings: {} }), undefined);
    assert.equal(parsePanelL10n('ru'), undefined);
  });
});
