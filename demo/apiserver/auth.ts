// Authentication (bearer tokens; optional anonymous) and a small authorizer: admins may do
// everything; other users read only their namespaces (and resources), write only when allowed.
import type { RequestInfo } from './requestInfo';
import { forbidden, unauthorized } from './status';

export interface ApiUser {
  name: string;
  token: string;
  /** cluster-scope access to everything */
  admin?: boolean;
  /** namespaces this user may read; others answer 403 */
  namespaces?: string[];
  /** may this user write (create/update/delete)? default: admin only */
  write?: boolean;
  /** resources this user may use at all, e.g. ['leases', 'events', 'pods', 'pods/log']; default: all */
  resources?: string[];
  /** resources this user may get, list and watch at cluster scope too, e.g. ['namespaces'] (RBAC's ClusterRole); default: none */
  clusterRead?: string[];
}

export interface Principal {
  name: string;
  user?: ApiUser;
}

export const anonymousName = 'system:anonymous';

export class Authenticator {
  private readonly byToken = new Map<string, ApiUser>();
  private readonly anonymous: Principal | undefined;

  /**
   * `anonymous`: false → requests without a token get 401; true → they are system:anonymous (may
   * read /version and /healthz only); a user name → they act as that user.
   */
  constructor(users: ApiUser[], anonymous: boolean | string) {
    for (const u of users) {
      this.byToken.set(u.token, u);
    }
    if (typeof anonymous === 'string') {
      const user = users.find((u) => u.name === anonymous);
      if (!user) {
        throw new Error(`anonymous: no user named "${anonymous}"`);
      }
      this.anonymous = { name: user.name, user };
    } else if (anonymous) {
      this.anonymous = { name: anonymousName };
    }
  }

  /** The principal of a request's Authorization header; 401 for a bad token (or none, unless anonymous). */
  authenticate(header: string | undefined): Principal {
    if (!header) {
      if (this.anonymous) {
        return this.anonymous;
      }
      throw unauthorized();
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const user = m ? this.byToken.get(m[1]) : undefined;
    if (!user) {
      throw unauthorized();
    }
    return { name: user.name, user };
  }
}

const publicPaths = new Set(['/version', '/version/', '/healthz', '/livez', '/readyz']);
const writeVerbs = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

function allowed(p: Principal, info: RequestInfo): boolean {
  const u = p.user;
  if (!info.isResourceRequest) {
    return u !== undefined || publicPaths.has(info.path);
  }
  if (!u) {
    return false;
  }
  if (writeVerbs.has(info.verb) && !(u.write ?? u.admin ?? false)) {
    return false;
  }
  if (u.resources) {
    const full = info.subresource ? `${info.resource}/${info.subresource}` : info.resource;
    if (!u.resources.includes(full)) {
      return false;
    }
  }
  if (u.admin) {
    return true;
  }
  if (!info.namespace) {
    return ['get', 'list', 'watch'].includes(info.verb) && (u.clusterRead ?? []).includes(info.resource);
  }
  return (u.namespaces ?? []).includes(info.namespace);
}

/** Throws the real 403 Forbidden Status when the principal may not do what the request asks. */
export function authorize(p: Principal, info: RequestInfo): void {
  if (!allowed(p, info)) {
    throw forbiddenFor(p, info);
  }
}

/** The real 403 Forbidden Status for this principal and request. */
export function forbiddenFor(p: Principal, info: RequestInfo): ReturnType<typeof forbidden> {
  return forbidden({
    user: p.name,
    verb: info.isResourceRequest ? info.verb : 'get',
    resource: info.isResourceRequest ? info.resource : undefined,
    subresource: info.subresource || undefined,
    group: info.group,
    namespace: info.namespace || undefined,
    name: info.name || undefined,
    path: info.path,
  });
}
