// The ordinary lines a controller logs between leadership lines: informer caches, workers,
// reconciles, health checks. Some merely contain the word "leader" (a leaderboard, a team-leader
// config map, the leader-election health check) and must not be taken for leadership lines.
import type { LogRecord } from './logFormat';

export interface ChatterProfile {
  /** The controller's name in its lines, e.g. `invoice`. */
  controller: string;
  /** Namespace of the objects it reconciles. */
  namespace: string;
}

type Template = (p: ChatterProfile, n: number) => LogRecord;

const rec = (file: string, line: number, pkg: string, text: string, msg: string, kv: LogRecord['kv'] = []): LogRecord => ({
  severity: 'I',
  pkg,
  file,
  line,
  text,
  msg,
  kv,
});

/** Lines of a replica that starts up, before it tries to lead. */
export const startupLines: readonly Template[] = [
  (p) => rec('main.go', 64, 'app', `Starting ${p.controller} manager`, 'Starting manager', [['controller', p.controller]]),
  () =>
    rec('server.go', 208, 'metrics', 'Serving metrics server on [::]:8080', 'Serving metrics server', [
      ['bindAddress', ':8080'],
      ['secure', false],
    ]),
  () =>
    rec('reflector.go', 351, 'cache', 'Caches populated for *v1.Pod from k8s.io/client-go/informers/factory.go:160', 'Caches populated', [
      ['type', '*v1.Pod'],
      ['reflector', 'k8s.io/client-go/informers/factory.go:160'],
    ]),
  () =>
    rec('reflector.go', 351, 'cache', 'Caches populated for *v1.ConfigMap from pkg/leaderboard/informer.go:54', 'Caches populated', [
      ['type', '*v1.ConfigMap'],
      ['reflector', 'pkg/leaderboard/informer.go:54'],
    ]),
];

/** Lines of the leader once it works (after acquiring the lease). */
export const leaderStartLines: readonly Template[] = [
  (p) =>
    rec('controller.go', 175, 'controller', `Starting EventSource for controller ${p.controller}`, 'Starting EventSource', [
      ['controller', p.controller],
      ['source', 'kind source: *v1.ConfigMap'],
    ]),
  (p) =>
    rec('controller.go', 217, 'controller', `Starting workers for controller ${p.controller}, worker count 4`, 'Starting workers', [
      ['controller', p.controller],
      ['worker count', 4],
    ]),
  () =>
    rec('controller.go', 217, 'controller', 'Starting workers for controller leaderboard, worker count 2', 'Starting workers', [
      ['controller', 'leaderboard'],
      ['worker count', 2],
    ]),
];

/** Periodic lines of the leader. */
export const leaderLines: readonly Template[] = [
  (p, n) =>
    rec(
      'controller.go',
      314,
      'controller',
      `Reconciled ${p.namespace}/${p.controller}-${n % 17} in ${3 + (n % 11)}ms`,
      'Reconcile succeeded',
      [
        ['controller', p.controller],
        ['object', `${p.namespace}/${p.controller}-${n % 17}`],
        ['duration', `${3 + (n % 11)}ms`],
      ],
    ),
  (p, n) =>
    rec('controller.go', 314, 'controller', `Reconciled ${p.namespace}/leaderboard-weekly in ${2 + (n % 5)}ms`, 'Reconcile succeeded', [
      ['controller', 'leaderboard'],
      ['object', `${p.namespace}/leaderboard-weekly`],
      ['duration', `${2 + (n % 5)}ms`],
    ]),
  (p) =>
    rec(
      'configmap.go',
      88,
      'controller',
      `Observed a change in ConfigMap ${p.namespace}/team-leader-rota, resyncing`,
      'Observed a change',
      [['configmap', `${p.namespace}/team-leader-rota`]],
    ),
  (p, n) =>
    rec(
      'status.go',
      142,
      'controller',
      `Updated status of Deployment ${p.namespace}/leaderboard-api (generation ${40 + n})`,
      'Updated status',
      [
        ['deployment', `${p.namespace}/leaderboard-api`],
        ['generation', 40 + n],
      ],
    ),
];

/** Periodic lines of every replica, leader or not. */
export const commonLines: readonly Template[] = [
  (_p, n) =>
    rec('httplog.go', 134, 'httplog', `"HTTP" verb="GET" URI="/healthz/leader-election" latency="${200 + (n % 300)}µs" resp=200`, 'HTTP', [
      ['verb', 'GET'],
      ['URI', '/healthz/leader-election'],
      ['latency', `${200 + (n % 300)}µs`],
      ['resp', 200],
    ]),
  () =>
    rec(
      'reflector.go',
      351,
      'cache',
      'Caches populated for *v1.Secret from k8s.io/client-go/informers/factory.go:160',
      'Caches populated',
      [
        ['type', '*v1.Secret'],
        ['reflector', 'k8s.io/client-go/informers/factory.go:160'],
      ],
    ),
  (_p, n) => rec('metrics.go', 61, 'metrics', `Scraped metrics in ${1 + (n % 9)}ms`, 'Scraped metrics', [['duration', `${1 + (n % 9)}ms`]]),
];

/** The n-th periodic line of a replica. Leaders mostly reconcile; followers say little. */
export function ordinaryLine(profile: ChatterProfile, leading: boolean, n: number): LogRecord | undefined {
  if (leading) {
    const all = [...leaderLines, ...commonLines];
    return all[n % all.length](profile, n);
  }
  if (n % 3 !== 0) {
    return undefined;
  }
  return commonLines[Math.floor(n / 3) % commonLines.length](profile, n);
}
