// Which proxy a cluster is reached through, as tables: NO_PROXY's entries by Go's httpproxy rules
// (which kubectl follows), and the choice between a cluster's proxy-url, HTTPS_PROXY/HTTP_PROXY and
// a direct connection; a proxy is named in messages without its password.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chooseProxy, describeProxy, noProxyMatches, ProxyError } from '../../src/server/kube/proxy';

describe('NO_PROXY entries (Go httpproxy rules)', () => {
  const rows: [host: string, port: string, noProxy: string, bypass: boolean][] = [
    ['example.com', '443', 'example.com', true],
    ['api.example.com', '443', 'example.com', true],
    ['notexample.com', '443', 'example.com', false],
    ['example.com', '443', '.example.com', false],
    ['api.example.com', '443', '.example.com', true],
    ['example.com', '443', '*.example.com', false],
    ['api.example.com', '443', '*.example.com', true],
    ['example.com', '443', 'example.com:6443', false],
    ['example.com', '6443', 'example.com:6443', true],
    ['EXAMPLE.com', '443', ' other.org , Example.COM ', true],
    ['kubernetes', '443', 'kubernetes.default.svc', false],
    ['anything.at.all', '443', '*', true],
    ['kubernetes', '443', '', false],
    ['10.1.2.3', '443', '10.0.0.0/8', true],
    ['11.1.2.3', '443', '10.0.0.0/8', false],
    ['192.168.1.5', '443', '192.168.1.5', true],
    ['192.168.1.5', '443', '192.168.1.6', false],
    ['192.168.1.5', '6443', '192.168.1.5:443', false],
    ['192.168.1.5', '443', '192.168.1.5:443', true],
    ['10.0.0.1', '443', '10.0.0.0', false],
    ['fd00::1', '443', 'fd00::/8', true],
    ['fe80::1', '443', 'fd00::/8', false],
    ['[fe80::1]', '443', 'fe80::1', true],
    ['fe80::1', '443', '[fe80::1]:443', true],
    ['fe80::1', '443', '[fe80::1]:80', false],
    ['0:0:0:0:0:0:0:1', '443', '::1', true],
  ];
  for (const [host, port, noProxy, bypass] of rows) {
    test(`${host}:${port} with NO_PROXY="${noProxy}" → ${bypass ? 'direct' : 'proxied'}`, () => {
      assert.equal(noProxyMatches(host, port, noProxy), bypass);
    });
  }
});

describe('choosing the proxy of a cluster', () => {
  const proxy = 'http://proxy.corp:3128';
  const rows: [what: string, server: string, proxyUrl: string | undefined, env: Record<string, string>, expected: string | undefined][] = [
    ['proxy-url wins, even for loopback', 'https://127.0.0.1:6443', 'socks5://127.0.0.1:1080', {}, 'socks5://127.0.0.1:1080 (proxy-url)'],
    ['proxy-url ignores NO_PROXY', 'https://kubernetes:6443', proxy, { NO_PROXY: '*' }, 'http://proxy.corp:3128 (proxy-url)'],
    [
      'proxy-url wins over HTTPS_PROXY',
      'https://kubernetes:6443',
      proxy,
      { HTTPS_PROXY: 'http://other:1' },
      'http://proxy.corp:3128 (proxy-url)',
    ],
    [
      'HTTPS_PROXY for an https server',
      'https://kubernetes:6443',
      undefined,
      { HTTPS_PROXY: proxy },
      'http://proxy.corp:3128 (HTTPS_PROXY)',
    ],
    ['https_proxy in lower case', 'https://kubernetes:6443', undefined, { https_proxy: proxy }, 'http://proxy.corp:3128 (https_proxy)'],
    [
      'upper case first',
      'https://kubernetes:6443',
      undefined,
      { HTTPS_PROXY: proxy, https_proxy: 'http://other:1' },
      'http://proxy.corp:3128 (HTTPS_PROXY)',
    ],
    ['no HTTP_PROXY fallback for https', 'https://kubernetes:6443', undefined, { HTTP_PROXY: proxy }, undefined],
    ['HTTP_PROXY for an http server', 'http://kubernetes:8080', undefined, { HTTP_PROXY: proxy }, 'http://proxy.corp:3128 (HTTP_PROXY)'],
    ['not HTTPS_PROXY for an http server', 'http://kubernetes:8080', undefined, { HTTPS_PROXY: proxy }, undefined],
    [
      'a bare host:port is http',
      'https://kubernetes:6443',
      undefined,
      { HTTPS_PROXY: 'proxy.corp:3128' },
      'http://proxy.corp:3128 (HTTPS_PROXY)',
    ],
    [
      'socks5 from the environment',
      'https://kubernetes:6443',
      undefined,
      { HTTPS_PROXY: 'socks5://s:1080' },
      'socks5://s:1080 (HTTPS_PROXY)',
    ],
    ['127.0.0.1 is never proxied from the environment', 'https://127.0.0.1:6443', undefined, { HTTPS_PROXY: proxy }, undefined],
    ['nor all of 127/8', 'https://127.9.9.9:6443', undefined, { HTTPS_PROXY: proxy }, undefined],
    ['nor localhost', 'https://localhost:6443', undefined, { HTTPS_PROXY: proxy }, undefined],
    ['nor ::1', 'https://[::1]:6443', undefined, { HTTPS_PROXY: proxy }, undefined],
    ['NO_PROXY names the host', 'https://kubernetes:6443', undefined, { HTTPS_PROXY: proxy, NO_PROXY: 'kubernetes' }, undefined],
    ['no_proxy in lower case', 'https://api.k8s.corp:6443', undefined, { HTTPS_PROXY: proxy, no_proxy: '.k8s.corp' }, undefined],
    ['NO_PROXY with the default port', 'https://kubernetes', undefined, { HTTPS_PROXY: proxy, NO_PROXY: 'kubernetes:443' }, undefined],
    [
      'NO_PROXY for another port',
      'https://kubernetes:6443',
      undefined,
      { HTTPS_PROXY: proxy, NO_PROXY: 'kubernetes:443' },
      'http://proxy.corp:3128 (HTTPS_PROXY)',
    ],
    ['nothing set', 'https://kubernetes:6443', undefined, {}, undefined],
  ];
  for (const [what, server, proxyUrl, env, expected] of rows) {
    test(what, () => {
      const chosen = chooseProxy(new URL(server), proxyUrl, env);
      assert.equal(chosen ? describeProxy(chosen) : undefined, expected);
    });
  }

  test('a proxy that cannot be used is an error naming where it came from, without its password', () => {
    const cases: [string | undefined, Record<string, string>, RegExp][] = [
      ['ftp://alice:hunter2@files.corp:2121', {}, /ftp:\/\/files\.corp:2121 in proxy-url has a scheme Lease Lens cannot use/],
      [undefined, { HTTPS_PROXY: 'gopher://alice:hunter2@old.corp' }, /gopher:\/\/old\.corp in HTTPS_PROXY/],
      ['http://alice:hunter2@bad host:1', {}, /The proxy in proxy-url is not a valid URL/],
    ];
    for (const [proxyUrl, env, message] of cases) {
      assert.throws(
        () => chooseProxy(new URL('https://kubernetes:6443'), proxyUrl, env),
        (err: unknown) => {
          assert.ok(err instanceof ProxyError);
          assert.match(err.message, message);
          assert.ok(!err.message.includes('hunter2') && !err.message.includes('alice'), err.message);
          assert.match(err.hint, proxyUrl ? /proxy-url/ : /HTTPS_PROXY/);
          return true;
        },
      );
    }
  });

  test('describeProxy drops the user and the password', () => {
    const chosen = chooseProxy(new URL('https://kubernetes:6443'), 'socks5://alice:hunter2@127.0.0.1:1080');
    assert.ok(chosen);
    assert.equal(describeProxy(chosen), 'socks5://127.0.0.1:1080 (proxy-url)');
    assert.equal(chosen.url.password, 'hunter2', 'the agent still gets the password');
  });
});
