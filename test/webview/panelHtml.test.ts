// Unit tests of src/client/panel/panelHtml.ts: the document shell and its Content-Security-Policy.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, makeNonce, panelCsp, panelHtml } from '../../src/client/panel/panelHtml';

const base = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'AbCdEfGhIjKlMnOpQrStUvWxYz012345',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css',
  title: 'kube-scheduler',
};

describe('panelHtml', () => {
  test('makeNonce: 32 random alphanumerics', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const nonce = makeNonce();
      assert.match(nonce, /^[A-Za-z0-9]{32}$/);
      seen.add(nonce);
    }
    assert.equal(seen.size, 200);
  });

  test('the CSP: nothing by default, the nonce for script, extension origin for styles/fonts/images', () => {
    assert.equal(
      panelCsp(base.cspSource, base.nonce),
      `default-src 'none'; img-src ${base.cspSource} data:; style-src ${base.cspSource}; font-src ${base.cspSource}; script-src 'nonce-${base.nonce}'; require-trusted-types-for 'script'; trusted-types fast-html; base-uri 'none'; form-action 'none'`,
    );
    assert.match(
      panelCsp(base.cspSource, base.nonce, 'styleNonce123'),
      new RegExp(`style-src ${base.cspSource.replace(/[.+]/g, '\\$&')} 'nonce-styleNonce123';`),
    );
  });

  test('panelHtml: the policy in a meta element before any resource, one nonce-bearing script, no inline code', () => {
    const html = panelHtml({ ...base, styleNonce: 'ZyXwVuTsRqPoNmLkJiHgFeDcBa987654', codiconsUri: `${base.cspSource}/codicon.css` });
    const meta = html.indexOf('http-equiv="Content-Security-Policy"');
    assert.ok(meta > 0 && meta < html.indexOf('<link') && meta < html.indexOf('<script'));
    assert.ok(
      html.includes(
        `content="default-src 'none'; img-src ${base.cspSource} data:; style-src ${base.cspSource} 'nonce-ZyXwVuTsRqPoNmLkJiHgFeDcBa987654';`,
      ),
    );
    assert.ok(html.includes('<meta property="csp-nonce" content="ZyXwVuTsRqPoNmLkJiHgFeDcBa987654">'));
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.ok(html.includes(`<script nonce="${base.nonce}" src="${base.scriptUri}"></script>`));
    assert.ok(html.includes(`<link rel="stylesheet" href="${base.styleUri}">`));
    assert.ok(html.includes(`<link rel="stylesheet" href="${base.cspSource}/codicon.css">`));
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline handlers');
    assert.doesNotMatch(html, /<style|style="/, 'no inline styles');
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  test('panelHtml: the title is escaped; bad nonces and sources are refused', () => {
    const html = panelHtml({ ...base, title: '</title><script>alert(1)</script>"&' });
    assert.ok(html.includes('<title>&#60;/title&#62;&#60;script&#62;alert(1)&#60;/script&#62;&#34;&#38;</title>'));
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.throws(() => panelHtml({ ...base, nonce: `x" onload="alert(1)` }), /nonce/);
    assert.throws(() => panelHtml({ ...base, styleNonce: base.nonce }), /differ/);
    assert.throws(() => panelHtml({ ...base, cspSource: "https://a; script-src 'unsafe-inline'" }), /cspSource/);
    assert.throws(() => panelHtml({ ...base, cspSource: "https://a 'unsafe-inline'" }), /cspSource/);
    // code-server's cspSource is two expressions; both must reach every directive that uses it.
    const served = panelHtml({ ...base, cspSource: "'self' https://*.vscode-cdn.net" });
    assert.ok(served.includes(`img-src 'self' https://*.vscode-cdn.net data:;`));
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });

  test('panelHtml: attribute values are escaped', () => {
    const html = panelHtml({ ...base, scriptUri: 'https://x/a.js?"><script>alert(1)</script>' });
    assert.ok(html.includes('src="https://x/a.js?&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"'));
    assert.equal(html.match(/<script/g)?.length, 1);
  });
});
