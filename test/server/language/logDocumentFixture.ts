// A controller-log document built the way the client builds it: the header, then the lines of
// test/fixtures/controller-logs.txt as three pods logged them, one second apart.
import { formatLogDocumentHeader, formatLogDocumentLine } from '../../../src/core/logDocument';
import type { LogLine } from '../../../src/shared/types';
import { at } from '../../support/builders';
import { readFixture } from '../../support/fixtures';

export const logUri = 'lease-lens-log:/kind-lease-lens/kube-system/kube-scheduler.lease-log';

/** The pod of each section of the fixture: klog text, structured klog, JSON. */
export const fixturePods = [
  { pod: 'kube-scheduler-cp-node-1', container: 'kube-scheduler' },
  { pod: 'kube-controller-manager-cp-node-2', container: 'kube-controller-manager' },
  { pod: 'payments-operator-7d9f8c6b5-x2k4p', container: 'manager' },
] as const;

const start = at('2026-11-21T00:41:17.118002Z');

export function fixtureLogLines(): LogLine[] {
  const text = readFixture('controller-logs.txt');
  const lines: LogLine[] = [];
  let section = -1;
  for (const raw of text.split('\n')) {
    if (raw.startsWith('#')) {
      section++;
      continue;
    }
    if (raw.trim() === '') {
      continue;
    }
    const source = fixturePods[section] ?? fixturePods[0];
    lines.push({ seq: lines.length + 1, pod: source.pod, container: source.container, time: start + lines.length * 1000, text: raw });
  }
  return lines;
}

export const logHeader = formatLogDocumentHeader({
  context: 'kind-lease-lens',
  namespace: 'kube-system',
  name: 'kube-scheduler',
  filter: 'all lines',
});

/** The document: header, the fixture lines, then two lines alternating between pods (no fold). */
export function fixtureLogDocument(): { text: string; lines: LogLine[] } {
  const lines = fixtureLogLines();
  const [a, b] = fixturePods;
  const t = start + lines.length * 1000;
  lines.push({
    seq: lines.length + 1,
    pod: a.pod,
    container: a.container,
    time: t,
    text: 'I1121 00:41:40.000000       1 main.go:10] tick',
  });
  lines.push({
    seq: lines.length + 1,
    pod: b.pod,
    container: b.container,
    time: t + 1000,
    text: 'I1121 00:41:41.000000       1 main.go:10] tock',
  });
  return { text: [logHeader, ...lines.map(formatLogDocumentLine)].join('\n') + '\n', lines };
}
