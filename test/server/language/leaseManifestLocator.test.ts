// Finding Leases in YAML text with the position of each field (src/core/leaseManifest.ts), and
// the pure parts of the manifest features.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findLeaseManifests, stringValue } from '../../../src/core/leaseManifest';
import { contextOfLeaseYamlUri, manifestContext } from '../../../src/server/language/documentContext';
import { leaseManifestCodeLenses } from '../../../src/server/language/manifestCodeLens';
import { leaseManifestDiagnostics } from '../../../src/server/language/manifestDiagnostics';
import { inlineCode } from '../../../src/server/language/markdown';
import { fakeLookup } from './fakeLease';
import { badLeases, goodLease } from './leaseManifestFixtures';

describe('findLeaseManifests', () => {
  test('finds the Leases of a multi-document file and nothing else', () => {
    const leases = findLeaseManifests(badLeases);
    assert.deepEqual(
      leases.map((l) => [stringValue(l.metadataFields.get('name')), l.startLine, l.endLine]),
      [
        ['payments-leader', 8, 17],
        ['kube-scheduler', 19, 31],
      ],
    );
    assert.deepEqual(findLeaseManifests(goodLease).length, 1);
    assert.deepEqual(findLeaseManifests('apiVersion: coordination.k8s.io/v1beta1\nkind: Lease\n'), []);
    assert.deepEqual(findLeaseManifests('apiVersion: coordination.k8s.io/v1\nkind: LeaseCandidate\n'), []);
  });

  test('locates values exactly: quotes included, comments excluded', () => {
    const text = [
      'apiVersion: coordination.k8s.io/v1',
      "kind: 'Lease'",
      'metadata:',
      '    name: "a"   # the name',
      '    annotations:',
      '      name: not-this-one',
      '      note: |',
      '        name: nor-this',
      'spec:',
      '    renewTime:   2026-11-21T00:41:17.924123Z # comment',
      "    holderIdentity: 'it''s me'",
      '    leaseDurationSeconds:',
      '    acquireTime: ~',
    ].join('\r\n');
    const [lease] = findLeaseManifests(text);
    assert.ok(lease);
    assert.equal(lease.kind.value?.value, 'Lease');
    assert.deepEqual(lease.metadataFields.get('name'), {
      key: 'name',
      line: 3,
      keyStart: 4,
      keyEnd: 8,
      value: { raw: '"a"', value: 'a', line: 3, start: 10, end: 13 },
    });
    assert.deepEqual([...lease.metadataFields.keys()], ['name', 'annotations']);
    assert.deepEqual(lease.specFields.get('renewTime')?.value, {
      raw: '2026-11-21T00:41:17.924123Z',
      value: '2026-11-21T00:41:17.924123Z',
      line: 9,
      start: 17,
      end: 44,
    });
    assert.equal(lease.specFields.get('holderIdentity')?.value?.value, "it's me");
    assert.equal(lease.specFields.get('leaseDurationSeconds')?.value, undefined);
    assert.equal(lease.specFields.get('acquireTime')?.value?.value, null);
    assert.deepEqual(leaseManifestDiagnostics([lease]), []);
  });

  test('documents end at --- and ...; flow-style mappings are located too', () => {
    const text = [
      'apiVersion: coordination.k8s.io/v1',
      'kind: Lease',
      'metadata: {name: a}',
      'spec: {leaseDurationSeconds: 0}',
      '...',
      '--- # next',
      'apiVersion: coordination.k8s.io/v1',
      'kind: Lease',
      'metadata:',
      '  name: b',
    ].join('\n');
    const leases = findLeaseManifests(text);
    assert.deepEqual(
      leases.map((l) => [l.startLine, l.endLine, l.specFields.size, stringValue(l.metadataFields.get('name'))]),
      [
        [0, 3, 1, 'a'],
        [6, 9, 0, 'b'],
      ],
    );
    assert.deepEqual(leases[0]?.specFields.get('leaseDurationSeconds')?.value, { raw: '0', value: 0, line: 3, start: 29, end: 30 });
    assert.deepEqual(
      leaseManifestDiagnostics(leases).map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [['lease-duration', 3, 29]],
    );
  });

  test('reads values as YAML does: numbers, quoted numbers, null', () => {
    const lease = (spec: string): ReturnType<typeof findLeaseManifests> =>
      findLeaseManifests(`apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: x\nspec:\n${spec}\n`);
    assert.deepEqual(
      leaseManifestDiagnostics(lease('  leaseDurationSeconds: "15"')).map((d) => d.message),
      ['leaseDurationSeconds must be a whole number, found "15"'],
    );
    assert.deepEqual(leaseManifestDiagnostics(lease('  leaseDurationSeconds: 0x0f')), []);
    assert.deepEqual(leaseManifestDiagnostics(lease('  leaseDurationSeconds: null\n  renewTime: null')), []);
    assert.deepEqual(
      leaseManifestDiagnostics(lease('  renewTime: 5')).map((d) => d.message),
      ['renewTime must be a MicroTime string such as 2026-11-21T00:41:17.924123Z, found 5'],
    );
    assert.deepEqual(
      leaseManifestDiagnostics(lease('  preferredHolder: a\n  strategy: ""')).map((d) => d.code),
      ['preferred-holder-without-strategy'],
    );
    assert.deepEqual(leaseManifestDiagnostics(lease('  preferredHolder: ""')), []);
  });
});

describe('manifest features without a context', () => {
  test('no code lens when there is no current context to follow the Lease in', () => {
    assert.deepEqual(leaseManifestCodeLenses(findLeaseManifests(goodLease), manifestContext('file:///a.yaml', fakeLookup(null))), []);
    assert.equal(leaseManifestCodeLenses(findLeaseManifests(goodLease), manifestContext('file:///a.yaml', fakeLookup())).length, 1);
  });

  test('a read-only Lease YAML document is about the context in its address', () => {
    assert.equal(contextOfLeaseYamlUri('lease-lens-yaml:/kind-demo/kube-system/kube-scheduler.yaml'), 'kind-demo');
    // VS Code writes the percent-encoded context segment encoded once more in the URI string.
    assert.equal(
      contextOfLeaseYamlUri('lease-lens-yaml:/arn%253Aaws%253Aeks%253Aeu-west-1%253A1234%253Acluster%252Fprod/ns/n.yaml'),
      'arn:aws:eks:eu-west-1:1234:cluster/prod',
    );
    assert.equal(contextOfLeaseYamlUri('lease-lens-yaml:/only/two.yaml'), undefined);
    assert.equal(contextOfLeaseYamlUri('file:///kind-demo/kube-system/kube-scheduler.yaml'), undefined);
    assert.equal(manifestContext('lease-lens-yaml:/other/ns/n.yaml', fakeLookup()), 'other');
    assert.equal(manifestContext('untitled:Untitled-1', fakeLookup()), 'kind-lease-lens');
  });

  test('untrusted text in hovers stays inside its code span', () => {
    assert.equal(inlineCode('a`b'), '`` a`b ``');
    assert.equal(inlineCode('plain'), '`plain`');
    assert.equal(inlineCode('x\u202ey\n'), '`xy`');
  });
});
