// The read-only documents: their addresses, the log text, the Lease YAML.
import { emptyFollowSnapshot } from '../../src/core/followMerge';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { load } from 'js-yaml';
import { parseLogDocumentHeader, parseLogDocumentLine } from '../../src/core/logDocument';
import {
  leaseDocumentPath,
  leaseKeyFromDocumentPath,
  logExtension,
  logFilterFromQuery,
  logFilterQuery,
} from '../../src/client/documents/documentUris';
import { renderLeaseYaml } from '../../src/client/documents/leaseYaml';
import { renderLogDocument } from '../../src/client/documents/logText';
import type { FollowSnapshot } from '../../src/shared/types';
import { fixtureLeases, schedulerRenew } from '../support/builders';

const key = 'kind-demo/kube-system/kube-scheduler';

describe('document addresses', () => {
  test('a context with slashes survives the round trip', () => {
    const odd = 'arn:aws:eks:eu-west-1:1234:cluster/prod ü/x/ns/name';
    const path = leaseDocumentPath(odd, logExtension);
    assert.equal(path, '/arn%3Aaws%3Aeks%3Aeu-west-1%3A1234%3Acluster%2Fprod%20%C3%BC%2Fx/ns/name.lease-log');
    assert.equal(leaseKeyFromDocumentPath(path!, logExtension), odd);
    assert.equal(leaseKeyFromDocumentPath('/a/b.lease-log', logExtension), undefined);
    assert.equal(leaseKeyFromDocumentPath('/a/b/c.yaml', logExtension), undefined);
    assert.equal(leaseKeyFromDocumentPath('/%E0%A4%A/b/c.lease-log', logExtension), undefined);
  });

  test('log filters in the query', () => {
    const filter = { preset: 'errors' as const, text: 'a&b=c', regex: true, caseSensitive: false, invert: true };
    assert.deepEqual(logFilterFromQuery(logFilterQuery(filter)), filter);
    assert.equal(logFilterQuery(undefined), '');
    assert.equal(logFilterFromQuery(''), undefined);
  });
});

function follow(patch: Partial<FollowSnapshot> = {}): FollowSnapshot {
  return {
    ...emptyFollowSnapshot(key),
    podResolution: 'found',
    ...patch,
  };
}

describe('log documents', () => {
  const logs = [
    {
      seq: 1,
      pod: 'kube-scheduler-cp-node-2',
      container: 'kube-scheduler',
      time: schedulerRenew,
      text: 'I1121 successfully acquired lease kube-system/kube-scheduler',
      signal: 'acquired' as const,
    },
    { seq: 2, pod: 'kube-scheduler-cp-node-3', container: 'kube-scheduler', time: schedulerRenew + 1, text: 'I1121 ordinary\nline' },
  ];

  test('a header, then one line per log line that the server can read back', () => {
    const text = renderLogDocument(key, follow({ logs }), undefined);
    const lines = text.trimEnd().split('\n');
    assert.deepEqual(parseLogDocumentHeader(lines[0]!), { context: 'kind-demo', namespace: 'kube-system', name: 'kube-scheduler' });
    assert.equal(lines.length, 3, 'a newline inside a log line does not split it');
    assert.equal(parseLogDocumentLine(lines[1]!)?.pod, 'kube-scheduler-cp-node-2');
    assert.equal(parseLogDocumentLine(lines[2]!)?.message, 'I1121 ordinary line');
  });

  test('a filter shows in the header and keeps matching lines', () => {
    const text = renderLogDocument(key, follow({ logs }), {
      preset: 'leadership',
      text: '',
      regex: false,
      caseSensitive: false,
      invert: false,
    });
    const lines = text.trimEnd().split('\n');
    assert.equal(parseLogDocumentHeader(lines[0]!)?.filter, 'leadership lines');
    assert.equal(lines.length, 2);
  });

  test('no lines: says why', () => {
    assert.match(
      renderLogDocument(key, follow({ podResolution: 'none', podMessage: 'No pod matches app=x' }), undefined),
      /# No pod matches app=x/,
    );
    assert.match(renderLogDocument(key, follow({ logs, droppedLines: 40 }), undefined), /# 40 earlier lines dropped/);
    assert.match(
      renderLogDocument(key, follow({ logs }), { preset: 'all', text: '(', regex: true, caseSensitive: false, invert: false }),
      /# Invalid regular expression/,
    );
  });
});

describe('Lease YAML', () => {
  const scheduler = fixtureLeases('kind-demo').find((l) => l.name === 'kube-scheduler')!;

  test('from the raw object when the server sends it', () => {
    const text = renderLeaseYaml(
      key,
      { lease: scheduler, raw: { kind: 'Lease', spec: { renewTime: '2026-11-21T00:41:17.924123Z' } } },
      schedulerRenew,
    );
    assert.match(text, /^# Lease kind-demo\/kube-system\/kube-scheduler \(read-only/);
    assert.deepEqual(load(text), { kind: 'Lease', spec: { renewTime: '2026-11-21T00:41:17.924123Z' } });
  });

  test('from the LeaseInfo otherwise, MicroTimes as strings', () => {
    const parsed = load(renderLeaseYaml(key, { lease: scheduler }, schedulerRenew)) as Record<string, Record<string, unknown>>;
    assert.equal(parsed.metadata?.name, 'kube-scheduler');
    assert.equal(parsed.spec?.renewTime, '2026-11-21T00:41:17.924123Z');
    assert.equal(parsed.apiVersion as unknown, 'coordination.k8s.io/v1');
  });

  test('a missing Lease says so', () => {
    assert.equal(
      renderLeaseYaml(key, { message: 'not found\nin cache' }, schedulerRenew),
      '# Lease kind-demo/kube-system/kube-scheduler (read-only; updates while open)\n# not found in cache\n',
    );
  });
});
