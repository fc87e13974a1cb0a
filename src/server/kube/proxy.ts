// Which proxy a cluster is reached through, as kubectl decides: the cluster's `proxy-url` in the
// kubeconfig (http, https, socks5) first; otherwise HTTPS_PROXY / HTTP_PROXY from the environment
// (by the server's scheme), unless NO_PROXY names the host or the host is loopback (Go's
// net/http rules, which kubectl follows). The agents are maintained libraries: hpagent for HTTP
// CONNECT proxies, socks-proxy-agent for SOCKS5 (host names resolved by the proxy, as Go does).
import type * as http from 'node:http';
import { BlockList, isIP } from 'node:net';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { SocksProxyAgent } from 'socks-proxy-agent';
import { t } from '../../shared/l10n';

export interface ProxyChoice {
  url: URL;
  /** Where it came from, for messages: `proxy-url` or the environment variable's name. */
  source: string;
}

type Env = Record<string, string | undefined>;

function envValue(env: Env, name: string): { name: string; value: string } | undefined {
  for (const n of [name, name.toLowerCase()]) {
    const value = env[n]?.trim();
    if (value) {
      return { name: n, value };
    }
  }
  return undefined;
}

/** A proxy setting that cannot be used; the message names where it came from, never its password. */
export class ProxyError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'ProxyError';
  }
}

function parseProxyUrl(text: string, source: string): URL {
  const fix =
    source === 'proxy-url'
      ? t('Fix proxy-url of the cluster in the kubeconfig (http://, https:// or socks5://host:port), then choose Refresh.')
      : t(
          'Fix the environment variable {0} of the editor (http://, https:// or socks5://host:port), then restart the Lease server.',
          source,
        );
  let url: URL;
  try {
    // Go accepts a bare host:port and reads it as http://host:port.
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new ProxyError(t('The proxy in {0} is not a valid URL.', source), fix);
  }
  if (!['http:', 'https:', 'socks5:', 'socks5h:'].includes(url.protocol)) {
    throw new ProxyError(
      t('The proxy {0} in {1} has a scheme Lease Lens cannot use (http, https or socks5).', `${url.protocol}//${url.host}`, source),
      fix,
    );
  }
  return url;
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Go's rule: `localhost` and loopback addresses (127.0.0.0/8, ::1) are never proxied from the environment. */
function isLoopback(host: string): boolean {
  if (host === 'localhost') {
    return true;
  }
  const family = isIP(host);
  return family !== 0 && loopback.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

/** Go's net.SplitHostPort: `host:port` or `[host]:port`; undefined when there is no port (or too many colons). */
function splitHostPort(text: string): { host: string; port: string } | undefined {
  if (text.startsWith('[')) {
    const m = /^\[([^\]]*)\]:([^:]*)$/.exec(text);
    return m ? { host: m[1], port: m[2] } : undefined;
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0 || text.indexOf(':') !== colon) {
    return undefined;
  }
  return { host: text.slice(0, colon), port: text.slice(colon + 1) };
}

function family(ip: string): 'ipv4' | 'ipv6' {
  return isIP(ip) === 4 ? 'ipv4' : 'ipv6';
}

/**
 * True when NO_PROXY's list (comma-separated) names `host` at `port`, by the rules of Go's
 * golang.org/x/net/http/httpproxy that kubectl follows: `*` matches everything; an IP address or
 * CIDR block matches addresses (`10.0.0.0/8`, `fd00::/8`, `1.2.3.4`, `[::1]:443`); `example.com`
 * matches it and its subdomains, `.example.com` and `*.example.com` only its subdomains; a
 * `:port` suffix limits an entry to that port.
 */
export function noProxyMatches(host: string, port: string, noProxy: string): boolean {
  const target = host.toLowerCase().replace(/^\[|\]$/g, '');
  const targetIsIp = isIP(target) !== 0;
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) {
      continue;
    }
    if (entry === '*') {
      return true;
    }
    const cidr = /^([^/]+)\/(\d{1,3})$/.exec(entry);
    if (cidr && isIP(cidr[1]) !== 0) {
      const bits = Number(cidr[2]);
      if (bits <= (isIP(cidr[1]) === 4 ? 32 : 128) && targetIsIp) {
        const block = new BlockList();
        block.addSubnet(cidr[1], bits, family(cidr[1]));
        if (block.check(target, family(target))) {
          return true;
        }
      }
      continue;
    }
    const split = splitHostPort(entry);
    let entryHost = split ? split.host : entry;
    const entryPort = split ? split.port : '';
    if (!entryHost) {
      continue;
    }
    if (entryPort && entryPort !== port) {
      continue;
    }
    if (isIP(entryHost) !== 0) {
      if (targetIsIp) {
        const one = new BlockList();
        one.addAddress(entryHost, family(entryHost));
        if (one.check(target, family(target))) {
          return true;
        }
      }
      continue;
    }
    if (entryHost.startsWith('*.')) {
      entryHost = entryHost.slice(1);
    }
    const matchHost = !entryHost.startsWith('.');
    const suffix = matchHost ? `.${entryHost}` : entryHost;
    if (target.endsWith(suffix) || (matchHost && target === entryHost)) {
      return true;
    }
  }
  return false;
}

/** The proxy for `server`, or undefined to connect directly. Throws a ProxyError for a proxy URL that cannot be used. */
export function chooseProxy(server: URL, proxyUrl: string | undefined, env: Env = process.env): ProxyChoice | undefined {
  if (proxyUrl) {
    return { url: parseProxyUrl(proxyUrl, 'proxy-url'), source: 'proxy-url' };
  }
  const host = server.hostname.replace(/^\[|\]$/g, '');
  if (isLoopback(host)) {
    return undefined;
  }
  const fromEnv = envValue(env, server.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY');
  if (!fromEnv) {
    return undefined;
  }
  const port = server.port || (server.protocol === 'https:' ? '443' : '80');
  const noProxy = envValue(env, 'NO_PROXY');
  if (noProxy && noProxyMatches(host, port, noProxy.value)) {
    return undefined;
  }
  return { url: parseProxyUrl(fromEnv.value, fromEnv.name), source: fromEnv.name };
}

/** A keep-alive agent that reaches `serverProtocol` targets through `proxy`, with the cluster's TLS options. */
export function proxyAgent(proxy: ProxyChoice, serverProtocol: string, options: http.AgentOptions & Record<string, unknown>): http.Agent {
  if (proxy.url.protocol === 'socks5:' || proxy.url.protocol === 'socks5h:') {
    // socks5h: the proxy resolves the cluster's host name, as Go's SOCKS5 dialer lets it.
    const url = new URL(proxy.url.href);
    url.protocol = 'socks5h:';
    return new SocksProxyAgent(url, options);
  }
  const agentOptions = { ...options, proxy: proxy.url };
  return serverProtocol === 'https:' ? new HttpsProxyAgent(agentOptions) : new HttpProxyAgent(agentOptions);
}

/** The proxy URL as shown in messages: without a password. */
export function describeProxy(proxy: ProxyChoice): string {
  const url = new URL(proxy.url.href);
  url.password = '';
  url.username = '';
  return `${url.protocol}//${url.host} (${proxy.source})`;
}
