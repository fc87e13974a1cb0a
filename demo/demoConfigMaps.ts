// Ordinary ConfigMaps, with data, so that reading ConfigMap locks as metadata only matters in the
// demo: `kube-root-ca.crt` in every namespace (as kube-controller-manager publishes it) and
// application configs of 2–24 KB, 200 in all. None carries the leader annotation.
import type { ClusterStore } from './apiserver';
import { randomString } from './names';

export const DEMO_CONFIGMAP_COUNT = 200;

const APPS = ['web', 'api', 'worker', 'billing', 'search', 'gateway', 'auth', 'reports'];
const FILES = ['application.yaml', 'settings.json', 'nginx.conf', 'feature-flags.properties'];

function fakeCertificate(): string {
  const body = randomString(1_200, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
  return `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join('\n') ?? body}\n-----END CERTIFICATE-----\n`;
}

function configText(app: string, bytes: number): string {
  const lines: string[] = [`# ${app} configuration`];
  let size = lines[0].length;
  for (let i = 0; size < bytes; i++) {
    const line = `${app}.setting${i}: ${randomString(24)}`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** Creates the ConfigMaps in the namespaces (round robin); returns how many. */
export function seedDemoConfigMaps(store: ClusterStore, namespaces: readonly string[], count = DEMO_CONFIGMAP_COUNT): number {
  let made = 0;
  for (const ns of namespaces) {
    if (made >= count) {
      break;
    }
    store.applyConfigMap({ metadata: { name: 'kube-root-ca.crt', namespace: ns }, data: { 'ca.crt': fakeCertificate() } });
    made++;
  }
  for (let i = 0; made < count; i++, made++) {
    const ns = namespaces[i % namespaces.length];
    const app = APPS[i % APPS.length];
    const file = FILES[i % FILES.length];
    store.applyConfigMap({
      metadata: { name: `${app}-config-${i}`, namespace: ns, labels: { app, 'app.kubernetes.io/part-of': 'demo' } },
      data: { [file]: configText(app, 2_048 + ((i * 977) % 22_528)) },
    });
  }
  return made;
}
