// Security over the fault suite: the webview's Content-Security-Policy (as panelHtml() writes it,
// and in Chromium: an inline script and eval do not run, the nonce'd script does), and credentials
// that never show in anything the Lease server says, even when a plugin, a TLS library or an API
// server's error page would put them there — bare JWTs, EKS tokens, URL user information, an exec
// plugin's stderr — through every path to the UI: context states, the server log, follow updates
// and the messages that become notifications. Each other file of the suite ends with the same
// audit (only GET sent, no credential shown, no crash) over its own servers.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import type { ApiServer } from '../../demo/apiserver';
import { makeNonce, panelCsp, panelHtml } from '../../src/client/panel/panelHtml';
import { issue, makeCa } from '../../demo/apiserver/certs';
import { assertHealthy, Audit, freePort, secretToken, viewer, type Watched } from './helpers';
import { leaseObject } from '../support/builders';
import { apiContexts, kubeconfigYaml, mergeKc, writeKubeconfig, writeTemp } from '../support/kubeconfig';
import { RawApiServer } from './rawApiServer';
import { Leases } from '../../src/shared/protocol';
import { leaseKey } from '../../src/shared/types';

/** The CSP's directives as a map of name → sources. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map((parts) => [parts[0], parts.slice(1)]),
  );
}

describe('the webview Content-Security-Policy', () => {
  let server: Server;
  let origin = '';
  let browser: Browser;

  before(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname === '/panel.html') {
        const nonce = makeNonce();
        const html = panelHtml({
          cspSource: origin,
          nonce,
          styleNonce: makeNonce(),
          scriptUri: `${origin}/probe.js`,
          styleUri: `${origin}/panel.css`,
          title: 'probe',
        })
          // What an injection into the document would look like: inline scripts and a handler without the nonce.
          .replace(
            '</body>',
            `<script>window.__inline = true;</script>\n<script nonce="not-the-nonce">window.__wrongNonce = true;</script>\n<img src="data:," onload="window.__handler = true">\n</body>`,
          );
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(html);
      } else if (url.pathname === '/probe.js') {
        // The one script the policy allows (it carries the nonce): it tries eval and new Function.
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(`
          window.__probe = true;
          document.addEventListener('securitypolicyviolation', (e) => (window.__violations = (window.__violations || []).concat(e.violatedDirective)));
          const attempt = (f) => { try { f(); return 'ran'; } catch (e) { return e.name; } };
          window.__eval = attempt(() => (0, eval)('window.__evalRan = true'));
          window.__function = attempt(() => new Function('window.__functionRan = true')());
          window.__timer = attempt(() => setTimeout('window.__timerRan = true', 0));
        `);
      } else {
        res.writeHead(200, { 'content-type': 'text/css' });
        res.end('');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  test('as written: script-src only by nonce, no unsafe-inline, no unsafe-eval, nothing by default', () => {
    const nonce = makeNonce();
    const html = panelHtml({
      cspSource: 'https://webview.example',
      nonce,
      scriptUri: 'https://webview.example/webview.js',
      styleUri: 'https://webview.example/panel.css',
      title: '<script>t</script>',
    });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    assert.ok(csp, 'the document carries a CSP meta element');
    assert.equal(csp, panelCsp('https://webview.example', nonce));
    const d = directives(csp);
    assert.deepEqual(d.get('default-src'), ["'none'"]);
    assert.deepEqual(d.get('script-src'), [`'nonce-${nonce}'`], 'scripts only by nonce');
    assert.ok(!csp.includes('unsafe-inline'), 'no unsafe-inline');
    assert.ok(!csp.includes('unsafe-eval'), 'no unsafe-eval');
    assert.ok(!csp.includes('unsafe-hashes') && !csp.includes('strict-dynamic') && !csp.includes('*'), 'no wildcard or loophole');
    assert.deepEqual(d.get('base-uri'), ["'none'"]);
    assert.match(html, new RegExp(`<script nonce="${nonce}" src="https://webview\\.example/webview\\.js"></script>`));
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'one script element');
    assert.ok(!html.includes('<script>t</script>'), 'the title is escaped');
    assert.notEqual(makeNonce(), makeNonce(), 'a fresh nonce each time');
  });

  test('in Chromium: the nonce script runs; inline scripts, a wrong nonce, handlers, eval, new Function and string timers do not', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${origin}/panel.html`);
      await page.waitForFunction(() => (window as unknown as Record<string, unknown>).__probe === true);
      // Not a wait for something: time for the string timer (setTimeout('…', 0)) to have run, had
      // the policy let it, so that its absence below proves the refusal.
      const stringTimerChanceMs = 50;
      await page.evaluate((ms) => new Promise((r) => setTimeout(r, ms)), stringTimerChanceMs);
      const result = await page.evaluate(() => {
        const w = window as unknown as Record<string, unknown>;
        return {
          ran: ['__inline', '__wrongNonce', '__handler', '__evalRan', '__functionRan', '__timerRan'].filter((k) => w[k] === true),
          eval: w.__eval,
          fn: w.__function,
          violations: w.__violations,
        };
      });
      assert.deepEqual(result.ran, [], 'nothing injected ran');
      assert.equal(result.eval, 'EvalError');
      assert.equal(result.fn, 'EvalError');
      assert.ok(Array.isArray(result.violations) && result.violations.length > 0, 'the browser reported the refusals');
    } finally {
      await context.close();
    }
  });
});

describe('credentials never shown', () => {
  const audit = new Audit();
  let w: Watched;
  let api: ApiServer;
  let tlsApi: ApiServer;
  let echo: RawApiServer;
  const pluginToken = `${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const echoToken = secretToken('echo');
  const badHeaderToken = `${secretToken('bell')}\u0007${secretToken('after')}`;

  before(async () => {
    const user = viewer('token-viewer');
    api = await audit.startApi('plain', { users: [user] });
    api.store.applyLease(leaseObject({ namespace: 'apps', name: 'visible', holder: 'a_1' }));
    const tlsUser = viewer('tls-viewer');
    tlsApi = await audit.startApi('tls', { tls: true, users: [tlsUser] });
    echo = await new RawApiServer({}, { echoAuth: true }).listen();
    audit.api('echo', echo);
    const ca = await makeCa('client-ca');
    const client = await issue(ca, { cn: 'cert-user' });
    const other = await issue(ca, { cn: 'other' });
    audit.secretKey(client.keyPem);
    audit.secretKey(other.keyPem);
    audit.secret(echoToken, ...badHeaderToken.split('\u0007'));
    // Any 8 characters of the plugin's token count as a leak.
    for (let i = 0; i + 8 <= pluginToken.length; i++) {
      audit.secret(pluginToken.slice(i, i + 8));
    }
    const rawPlugin = writeTemp('raw-token-plugin.sh', `#!/bin/sh\necho '${pluginToken}'\n`, 0o755);
    const kc = mergeKc(apiContexts(api, [{ name: 'token-ok', token: user.token }]), {
      clusters: [
        { name: 'tls', server: tlsApi.url, caPem: tlsApi.caPem },
        { name: 'plain', server: api.url },
        { name: 'echo', server: echo.url },
      ],
      users: [
        { name: 'cert', certPem: client.certPem, keyPem: client.keyPem },
        { name: 'mismatched', certPem: client.certPem, keyPem: other.keyPem },
        { name: 'raw-plugin', exec: { command: rawPlugin } },
        { name: 'echo', token: echoToken },
        { name: 'bad-header', token: badHeaderToken },
      ],
      contexts: [
        { name: 'cert', cluster: 'tls', user: 'cert' },
        { name: 'mismatched-key', cluster: 'tls', user: 'mismatched' },
        { name: 'raw-plugin', cluster: 'plain', user: 'raw-plugin' },
        { name: 'echo', cluster: 'echo', user: 'echo' },
        { name: 'bad-header', cluster: 'plain', user: 'bad-header' },
      ],
    });
    w = await audit.startServer({ env: { KUBECONFIG: writeKubeconfig(kubeconfigYaml(kc)) } });
  });

  after(async () => {
    await w?.proc.close();
    await api?.close();
    await tlsApi?.close();
    await echo?.close();
  });

  test('each failure is reported clearly, without the secret that caused it', async () => {
    await w.proc.watch(['token-ok', 'cert', 'mismatched-key', 'raw-plugin', 'echo', 'bad-header']);
    await w.proc.waitFor('token-ok', () => w.proc.states.get('token-ok')?.phase === 'connected');
    const settled = (name: string, phase: string) => () => (w.proc.states.get(name)?.phase === phase ? w.proc.states.get(name) : undefined);
    const cert = await w.proc.waitFor('cert: 401', settled('cert', 'unauthorized'));
    assert.match(cert.message ?? '', /Unauthorized/);
    const mismatched = await w.proc.waitFor('mismatched key', settled('mismatched-key', 'unreachable'));
    assert.match(mismatched.message ?? '', /TLS with .* failed: .*key values mismatch/);
    const plugin = await w.proc.waitFor('raw plugin', settled('raw-plugin', 'unauthorized'));
    assert.match(plugin.message ?? '', /Could not prepare credentials for .*exec plugin/i, plugin.message);
    assert.match(plugin.hint ?? '', /exec plugin/);
    const echoed = await w.proc.waitFor('echo', settled('echo', 'unauthorized'));
    assert.match(echoed.message ?? '', /Unauthorized: rejected/);
    const badHeader = await w.proc.waitFor('a token a header cannot carry', settled('bad-header', 'unauthorized'));
    assert.match(badHeader.message ?? '', /Could not prepare credentials for .*Invalid character in header content/);
    // The server's log says the same, and all of it is checked for the secrets below.
    await w.proc.waitFor('log lines for each', () =>
      ['cert', 'mismatched-key', 'raw-plugin', 'echo', 'bad-header'].every((c) =>
        w.proc.logLines.some((l) => l.message.startsWith(`[${c}]`)),
      ),
    );
  });

  test('audit: only GET was sent, no token, key or part of one appears in the log, stderr or any message', async () => {
    await assertHealthy(w);
    audit.verify(5);
  });
});

describe('credentials of every shape never shown, on any path to the UI', () => {
  const audit = new Audit();
  let w: Watched;
  let api: ApiServer;
  const b64url = (): string => Buffer.from(secretToken('x')).toString('base64url');
  const jwt = [`eyJ${b64url()}`, `eyJ${b64url()}`, b64url()];
  const eks = `k8s-aws-v1.${b64url()}${b64url()}`;
  const urlUser = secretToken('user');
  const urlPassword = secretToken('pass');
  const proxyUser = secretToken('puser');
  const proxyPassword = secretToken('ppass');
  const serverUser = secretToken('suser');
  const serverPassword = secretToken('spass');
  const plainToken = secretToken('plain');
  /** What each failing context's plugin or proxy says, as it must be shown (secrets replaced). */
  const shown: Record<string, RegExp> = {
    'jwt-plugin': /could not refresh the id token <redacted token>/,
    'eks-plugin': /aws: the token k8s-aws-v1\.<redacted> was rejected/,
    'url-plugin': /log in at https:\/\/idp\.example\.com\/callback failed; token: <redacted>/,
    'hanging-plugin': /gave no credential within 1 s and was stopped; it said: opening <redacted token>/,
    'proxy-userinfo': /through the proxy http:\/\/127\.0\.0\.1:\d+ \(proxy-url\)/,
    'server-userinfo': /Cannot reach https:\/\/127\.0\.0\.1:\d+: /,
  };
  const contexts = Object.keys(shown);

  before(async () => {
    const user = viewer('every-shape-viewer');
    api = await audit.startApi('every-shape', { users: [user] });
    api.store.ensureNamespace('apps');
    api.store.applyLease(leaseObject({ namespace: 'apps', name: 'one', holder: 'a_1' }));
    audit.secret(
      ...jwt,
      eks.slice('k8s-aws-v1.'.length),
      urlUser,
      urlPassword,
      proxyUser,
      proxyPassword,
      serverUser,
      serverPassword,
      plainToken,
    );
    const failing = (name: string, said: string): string => writeTemp(`${name}.sh`, `#!/bin/sh\necho "${said}" >&2\nexit 1\n`, 0o755);
    const hanging = writeTemp('hanging-said.sh', `#!/bin/sh\necho "opening ${jwt.join('.')}" >&2\nsleep 300 &\nwait\n`, 0o755);
    const down = await freePort();
    const kc = mergeKc(apiContexts(api, [{ name: 'steady', token: user.token }]), {
      clusters: [
        { name: 'plain', server: api.url },
        { name: 'proxied', server: 'https://kubernetes:6443', proxyUrl: `http://${proxyUser}:${proxyPassword}@127.0.0.1:${down}` },
        { name: 'userinfo', server: `https://${serverUser}:${serverPassword}@127.0.0.1:${down}` },
      ],
      users: [
        { name: 'jwt', exec: { command: failing('jwt', `could not refresh the id token ${jwt.join('.')}`) } },
        { name: 'eks', exec: { command: failing('eks', `aws: the token ${eks} was rejected`) } },
        {
          name: 'url',
          exec: {
            command: failing('url', `log in at https://${urlUser}:${urlPassword}@idp.example.com/callback failed; token: ${plainToken}`),
          },
        },
        { name: 'hanging', exec: { command: hanging } },
        { name: 'token', token: user.token },
      ],
      contexts: [
        { name: 'jwt-plugin', cluster: 'plain', user: 'jwt' },
        { name: 'eks-plugin', cluster: 'plain', user: 'eks' },
        { name: 'url-plugin', cluster: 'plain', user: 'url' },
        { name: 'hanging-plugin', cluster: 'plain', user: 'hanging' },
        { name: 'proxy-userinfo', cluster: 'proxied', user: 'token' },
        { name: 'server-userinfo', cluster: 'userinfo', user: 'token' },
      ],
    });
    w = await audit.startServer({ env: { KUBECONFIG: writeKubeconfig(kubeconfigYaml(kc)) }, settings: { execTimeoutSeconds: 1 } });
  });

  after(async () => {
    await w?.proc.close();
    await api?.close();
  });

  test('the context state (the tree) shows what happened, without the secret', async () => {
    await w.proc.watch(['steady', ...contexts]);
    await w.proc.waitFor('steady', () => w.proc.states.get('steady')?.phase === 'connected');
    for (const name of contexts) {
      const state = await w.proc.waitFor(`${name} reported`, () => {
        const s = w.proc.states.get(name);
        return s && s.phase !== 'connecting' && shown[name].test(s.message ?? '') ? s : undefined;
      });
      assert.match(state.phase, /unauthorized|unreachable/, `${name}: ${state.message}`);
    }
    assert.doesNotMatch(w.proc.states.get('server-userinfo')?.server ?? '', /@/, 'the server URL is shown without user information');
  });

  test('the server log (the output channel) says the same', async () => {
    for (const name of contexts) {
      await w.proc.waitFor(`a log line for ${name}`, () =>
        w.proc.logLines.some((l) => l.message.startsWith(`[${name}]`) && shown[name].test(l.message)),
      );
    }
  });

  test('follow updates (the panel) and the messages that become notifications or documents say the same', async () => {
    for (const name of contexts) {
      const key = leaseKey(name, 'apps', 'one');
      await w.proc.follow(key);
      await w.proc.waitFor(`the followed ${name} says why`, () => {
        const snap = w.proc.follows.get(key);
        return snap && shown[name].test(snap.eventsMessage ?? '') && shown[name].test(snap.podMessage ?? '');
      });
      // leases/get: its message heads the Lease's read-only document; eventsMessage is the "Show Events" notification.
      const got = await w.proc.conn.sendRequest(Leases.get, { key });
      assert.match(got.message ?? '', shown[name], `${name}: ${got.message}`);
    }
    assert.ok(w.proc.followUpdates.length > 0, 'follow updates were sent');
  });

  test('audit: no part of any of these secrets in the log, stderr, any notification, request answer or update; only GET sent', async () => {
    await assertHealthy(w);
    audit.verify(1);
  });
});
