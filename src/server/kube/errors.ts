// What went wrong talking to a cluster, as data: kind, the API server's own words, what to do.
import { isRecord } from '../../shared/guards';
import { clip } from '../redact';
import type { ContextPhase } from '../../shared/types';

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
      return `The API server at ${server} did not accept the credentials. Log in again or refresh the token for this context, then choose Refresh.`;
    case 403:
      return 'Your user may not read this. Ask for list/watch on leases (and get on pods/log for logs), or name the namespaces you may read in the setting leaseLens.namespaces.';
    case 404:
      return 'The API server does not serve this resource. coordination.k8s.io/v1 needs Kubernetes 1.14 or later.';
    case 410:
      return 'The cached version is too old; Lease Lens lists again.';
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return 'The API server is overloaded or failing; Lease Lens retries with backoff.';
    default:
      return 'Lease Lens retries with backoff; choose Refresh to retry now.';
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

/** Classifies an error thrown by Node's http(s) or by client-node's authentication. */
export function transportError(err: unknown, server: string): KubeError {
  const e = err as { code?: string; message?: string; name?: string };
  const code = e?.code ?? '';
  const text = clip(e?.message ?? String(err));
  if (e?.name === 'AbortError' || code === 'ABORT_ERR') {
    return { kind: 'aborted', message: 'The request was cancelled.', hint: '' };
  }
  if (e?.name === 'SyntaxError') {
    // An exec plugin printed something that is not JSON; V8's message would quote its start, which may be a token.
    return {
      kind: 'credentials',
      message: `Could not prepare credentials for ${server}: the exec plugin's output is not an ExecCredential (not JSON).`,
      hint: 'Check the user entry of this context: its exec plugin must print an ExecCredential object (client.authentication.k8s.io).',
    };
  }
  const kind = networkCodes[code];
  if (kind === 'dns') {
    return {
      kind,
      message: `The host of ${server} does not resolve: ${text}`,
      hint: 'Check the cluster server address in the kubeconfig, your DNS and VPN.',
    };
  }
  if (kind) {
    return {
      kind,
      message: `Cannot reach ${server}: ${text}`,
      hint: 'Check that the cluster is running and reachable from this machine (VPN, proxy, firewall). Lease Lens retries with backoff.',
    };
  }
  if (/CERT|SSL|TLS|self[- ]signed|certificate/i.test(code + ' ' + text)) {
    return {
      kind: 'tls',
      message: `TLS with ${server} failed: ${text}`,
      hint: 'Check certificate-authority(-data) of the cluster and the client certificate of the user in the kubeconfig; an expired certificate must be renewed.',
    };
  }
  return {
    kind: 'credentials',
    message: `Could not prepare credentials for ${server}: ${text}`,
    hint: 'Check the user entry of this context: its exec plugin, token file or client certificate files.',
  };
}

export function timeoutError(server: string, what: string, ms: number): KubeError {
  return {
    kind: 'timeout',
    message: `${what} from ${server} sent nothing for ${Math.round(ms / 1000)} s.`,
    hint: 'The connection is replaced automatically. If this repeats, check the network path to the cluster.',
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
