// What went wrong talking to a cluster, as data: kind, the API server's own words, what to do.
import { isRecord } from '../../shared/guards';
import { clip } from '../redact';
import type { ContextPhase } from '../../shared/types';
import { t } from '../../shared/l10n';

export type KubeErrorKind =
  | 'http' // the API server answered with an error Status
  | 'network' // refused, reset, unreachable
  | 'dns' // the host name does not resolve
  | 'tls' // certificate problems
  | 'timeout' // no answer in time, or a silent stream
  | 'credentials' // exec plugin or auth provider failed, unreadable cert or key file
  | 'aborted'
  | 'protocol'; // the answer was not what an API server sends

export interface KubeError {
  kind: KubeErrorKind;
  /** HTTP status for `http`. */
  status?: number;
  /** The Status reason (Forbidden, Expired, …) for `http`. */
  reason?: string;
  /** What happened, in the API server's or the system's words. */
  message: string;
  /** What to do about it. */
  hint: string;
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
}

function parseStatus(body: string): StatusBody | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return isRecord(parsed) ? (parsed as StatusBody) : undefined;
  } catch {
    return undefined;
  }
}

export function httpError(status: number, body: string, server: string): KubeError {
  const parsed = parseStatus(body);
  const message = clip(parsed?.message || body.trim() || `HTTP ${status}`);
  const reason = parsed?.reason;
  return { kind: 'http', status, reason, message, hint: hintForStatus(status, server) };
}

function hintForStatus(status: number, server: string): string {
  switch (status) {
    case 401:
      return t(
        'The API server at {0} did not accept the credentials. Log in again or refresh the token for this context, then choose Refresh.',
        server,
      );
    case 403:
      return t(
        'Your user may not read this. Ask for list/watch on leases (and get on pods/log for logs), or name the namespaces you may read in the setting leaseLens.namespaces.',
      );
    case 404:
      return t('The API server does not serve this resource. coordination.k8s.io/v1 needs Kubernetes 1.14 or later.');
    case 410:
      return t('The cached version is too old; Lease Lens lists again.');
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return t('The API server is overloaded or failing; Lease Lens retries with backoff.');
    default:
      return t('Lease Lens retries with backoff; choose Refresh to retry now.');
  }
}

const networkCodes: Record<string, KubeErrorKind> = {
  ECONNREFUSED: 'network',
  ECONNRESET: 'network',
  EHOSTUNREACH: 'network',
  ENETUNREACH: 'network',
  EPIPE: 'network',
  ETIMEDOUT: 'timeout',
  ESOCKETTIMEDOUT: 'timeout',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
};

/**
 * Classifies an error thrown by Node's http(s), a proxy agent, an exec credential plugin or
 * client-node's authentication. `proxy` names the proxy the request went through (describeProxy).
 */
export function transportError(err: unknown, server: string, proxy?: string): KubeError {
  const e = err as { code?: string; message?: string; name?: string; hint?: string };
  const code = e?.code ?? '';
  const text = clip(e?.message ?? String(err));
  if (e?.name === 'AbortError' || code === 'ABORT_ERR') {
    return { kind: 'aborted', message: t('The request was cancelled.'), hint: '' };
  }
  if (e?.name === 'ExecCredentialError') {
    // src/server/kube/execCredential.ts: what the plugin did, in words that hold no secret.
    return { kind: 'credentials', message: t('Could not prepare credentials for {0}: {1}', server, text), hint: clip(e.hint ?? '', 600) };
  }
  if (e?.name === 'ProxyError') {
    return { kind: 'network', message: t('Cannot reach {0}: {1}', server, text), hint: clip(e.hint ?? '', 600) };
  }
  if (e?.name === 'SyntaxError') {
    // An exec plugin printed something that is not JSON; V8's message would quote its start, which may be a token.
    return {
      kind: 'credentials',
      message: t("Could not prepare credentials for {0}: the exec plugin's output is not an ExecCredential (not JSON).", server),
      hint: t('Check the user entry of this context: its exec plugin must print an ExecCredential object (client.authentication.k8s.io).'),
    };
  }
  const kind = networkCodes[code];
  const tlsLike = /CERT|SSL|TLS|self[- ]signed|certificate/i.test(code + ' ' + text);
  if (proxy && !tlsLike) {
    // Refused by the proxy, the proxy unreachable, or the proxy could not reach the cluster.
    const answered = /^Bad response: (\d+)/.exec(text)?.[1];
    const why = !answered
      ? text
      : answered === '407'
        ? t('the proxy answered HTTP 407 to CONNECT (it wants a user and password in the proxy URL)')
        : t('the proxy answered HTTP {0} to CONNECT', answered);
    return {
      kind: kind === 'timeout' ? 'timeout' : 'network',
      message: t('Cannot reach {0} through the proxy {1}: {2}', server, proxy, why),
      hint: proxy.endsWith('(proxy-url)')
        ? t(
            'Check that the proxy is running and can reach the cluster, or fix proxy-url of the cluster in the kubeconfig. Lease Lens retries with backoff.',
          )
        : t(
            'Check that the proxy is running and can reach the cluster, or name the cluster in NO_PROXY to connect directly. Lease Lens retries with backoff.',
          ),
    };
  }
  if (kind === 'dns') {
    return {
      kind,
      message: t('The host of {0} does not resolve: {1}', server, text),
      hint: t('Check the cluster server address in the kubeconfig, your DNS and VPN.'),
    };
  }
  if (kind) {
    return {
      kind,
      message: t('Cannot reach {0}: {1}', server, text),
      hint: t('Check that the cluster is running and reachable from this machine (VPN, proxy, firewall). Lease Lens retries with backoff.'),
    };
  }
  if (tlsLike) {
    return {
      kind: 'tls',
      message: t('TLS with {0} failed: {1}', server, text),
      hint: t(
        'Check certificate-authority(-data) of the cluster and the client certificate of the user in the kubeconfig; an expired certificate must be renewed.',
      ),
    };
  }
  return {
    kind: 'credentials',
    message: t('Could not prepare credentials for {0}: {1}', server, text),
    hint: t('Check the user entry of this context: its exec plugin, token file or client certificate files.'),
  };
}

export function timeoutError(server: string, what: string, ms: number): KubeError {
  return {
    kind: 'timeout',
    message: t('{0} from {1} sent nothing for {2} s.', what, server, Math.round(ms / 1000)),
    hint: t('The connection is replaced automatically. If this repeats, check the network path to the cluster.'),
  };
}

/** The connection state a failure puts a context in. */
export function phaseFor(error: KubeError): ContextPhase {
  if (error.kind === 'http') {
    if (error.status === 401) {
      return 'unauthorized';
    }
    if (error.status === 403) {
      return 'forbidden';
    }
    return 'unreachable';
  }
  if (error.kind === 'credentials') {
    return 'unauthorized';
  }
  return 'unreachable';
}
