// Malformed and hostile data through the real Lease server process. What a real API server
// stores (no spec, a renewTime in the future, a 10 KB or 100 KB holder, unicode, right-to-left and
// control characters, HTML and script in every string field and in log lines) comes from the local
// API server. What it refuses to store (a negative duration, MicroTimes with 3 or 9 digits or
// garbage, wrong JSON types) or never sends (items that are not objects, names with a slash, invalid
// JSON and other junk in a watch stream) comes from a tiny raw server. Each time: the server
// survives, the Lease arrives with well-typed, bounded fields, and nothing else is lost.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { microTime, type ApiServer } from '../../demo/apiserver';
import { leaseKey, type LeaseInfo } from '../../src/shared/types';
import { assertHealthy, Audit, clientKeys, Heartbeat, secretToken, viewer, type Watched } from './helpers';
import { leaseObject, podObject } from '../support/builders';
import { apiContexts, kubeconfigYaml, mergeKc, writeKubeconfig } from '../support/kubeconfig';
import { RawApiServer } from './rawApiServer';

const img = '<img src=x onerror=alert(1)>';
const script = '</script><script>alert(2)</script>';
const svg = '"><svg onload=alert(3)>';
const unicode =
  'ünïcødé 日本語 🚀 \u202Eevil right-to-left\u202C \u200Bzero-width \u0000nul \u0007bell \u001b[31mred\u001b[0m \r\n\t end \ud800';
const uuid = '0b7f5a1d-2e2c-4d8e-8a6f-3c1b9e7d5f02';

/** The text with `marker` replaced by raw bytes (invalid UTF-8). */
function withBytes(text: string, marker: string, bytes: number[]): Buffer {
  const [head, tail] = text.split(marker);
  return Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]);
}

/** What the protocol promises about a LeaseInfo, checked field by field. */
function assertWellTyped(l: LeaseInfo): void {
  const where = `${l.key}: `;
  for (const f of ['key', 'context', 'namespace', 'name', 'uid', 'resourceVersion', 'kind'] as const) {
    assert.equal(typeof l[f], 'string', `${where}${f} is a string`);
  }
  assert.ok(!l.name.includes('/') && !l.namespace.includes('/'), `${where}no slash in namespace or name`);
  assert.equal(l.key, leaseKey(l.context, l.namespace, l.name), `${where}the key names the Lease`);
  assert.ok(l.creationTimestamp === undefined || typeof l.creationTimestamp === 'string', `${where}creationTimestamp`);
  assert.ok(typeof l.labels === 'object' && l.labels !== null && !Array.isArray(l.labels), `${where}labels is a map`);
  for (const v of Object.values(l.labels)) {
    assert.equal(typeof v, 'string', `${where}label values are strings`);
  }
  assert.equal(typeof l.observedAt, 'number');
  const s = l.spec;
  for (const f of ['holderIdentity', 'acquireTime', 'renewTime', 'strategy', 'preferredHolder'] as const) {
    assert.ok(s[f] === undefined || (typeof s[f] === 'string' && s[f].length <= 16 * 1024), `${where}spec.${f} is a bounded string`);
  }
  for (const f of ['leaseDurationSeconds', 'leaseTransitions'] as const) {
    assert.ok(s[f] === undefined || Number.isFinite(s[f]), `${where}spec.${f} is a number`);
  }
}

describe('malformed and hostile data', () => {
  const audit = new Audit();
  let hb: Heartbeat;
  let w: Watched;
  let api: ApiServer;
  let raw: RawApiServer;
  const rawToken = secretToken('raw');

  before(async () => {
    hb = await Heartbeat.start(audit);
    const user = viewer('odd-viewer');
    api = await audit.startApi('store', { users: [user] });
    raw = await new RawApiServer({ [rawToken]: 'raw-viewer' }).listen();
    audit.api('raw', raw);
    audit.secret(rawToken);
    const file = writeKubeconfig(
      kubeconfigYaml({
        ...mergeKc(hb.kc(), apiContexts(api, [{ name: 'store', token: user.token }]), {
          clusters: [{ name: 'raw', server: raw.url }],
          users: [{ name: 'raw', token: rawToken }],
          contexts: [{ name: 'raw', cluster: 'raw', user: 'raw' }],
        }),
        current: 'steady',
      }),
    );
    w = await audit.startServer({ env: { KUBECONFIG: file }, settings: { logTailLines: 100 } });
    await w.proc.watch(['steady']);
    await w.proc.waitFor('the heartbeat', () => w.proc.leases.get(hb.key()));
  });

  after(async () => {
    await w?.proc.close();
    await hb?.stop();
    await api?.close();
    await raw?.close();
  });

  describe('each kind of input, concurrently', { concurrency: true }, () => {
    test('odd Leases a real API server stores: no spec, renewTime in the future, 10 KB and 100 KB holders, unicode and control characters, HTML everywhere', async () => {
      const now = Date.now();
      const future = microTime(now + 3600_000);
      const inputs: Record<string, Record<string, unknown>> = {
        'no-spec': { metadata: { name: 'no-spec', namespace: 'odd' } },
        future: {
          metadata: { name: 'future', namespace: 'odd' },
          spec: { holderIdentity: `skewed_${uuid}`, leaseDurationSeconds: 15, acquireTime: future, renewTime: future },
        },
        long: { metadata: { name: 'long', namespace: 'odd' }, spec: { holderIdentity: 'h'.repeat(10 * 1024) } },
        huge: { metadata: { name: 'huge', namespace: 'odd' }, spec: { holderIdentity: 'H'.repeat(100 * 1024) } },
        unicode: { metadata: { name: 'unicode', namespace: 'odd' }, spec: { holderIdentity: unicode, leaseDurationSeconds: 15 } },
        html: {
          metadata: { name: 'html', namespace: 'odd', labels: { app: img, [`x.io/${'k'}`]: script } },
          spec: { holderIdentity: `${img}${script}${svg}`, strategy: script, preferredHolder: svg, leaseDurationSeconds: 15 },
        },
      };
      for (const input of Object.values(inputs)) {
        api.store.applyLease({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', ...input });
      }
      api.store.applyLease(leaseObject({ namespace: 'odd', name: 'good', holder: `good_${uuid}` }));
      await w.proc.watch(['store']);
      const got = await w.proc.waitFor('every odd Lease', () => {
        const ls = ['no-spec', 'future', 'long', 'huge', 'unicode', 'html', 'good'].map((n) =>
          w.proc.leases.get(leaseKey('store', 'odd', n)),
        );
        return ls.every((l) => l !== undefined) ? (ls as LeaseInfo[]) : undefined;
      });
      for (const l of got) {
        assertWellTyped(l);
      }
      const [noSpec, fut, long, huge, uni, html] = got;
      assert.deepEqual(
        Object.values(noSpec.spec).filter((v) => v !== undefined),
        [],
        'no spec: an empty spec',
      );
      assert.equal(fut.spec.renewTime, future, 'a future renewTime arrives as it is (the client shows the skew)');
      assert.equal(long.spec.holderIdentity, 'h'.repeat(10 * 1024), 'a 10 KB holder arrives whole');
      assert.equal(huge.spec.holderIdentity, 'H'.repeat(16 * 1024), 'a 100 KB holder is clipped to 16 KB');
      assert.equal(uni.spec.holderIdentity, unicode, 'unicode, right-to-left and control characters arrive unchanged');
      assert.equal(html.spec.holderIdentity, `${img}${script}${svg}`, 'HTML is data: unchanged, never interpreted');
      assert.equal(html.spec.strategy, script);
      assert.equal(html.spec.preferredHolder, svg);
      assert.deepEqual(html.labels, { app: img, 'x.io/k': script });

      // Followed, the odd ones build a timeline without NaN and resolve pods without tripping.
      for (const name of ['future', 'unicode', 'html', 'no-spec']) {
        const key = leaseKey('store', 'odd', name);
        await w.proc.follow(key);
        const snap = await w.proc.waitFor(`the follow view of ${name}`, () => {
          const s = w.proc.follows.get(key);
          return s?.lease && s.podResolution !== 'resolving' ? s : undefined;
        });
        for (const t of snap.timeline.terms) {
          for (const v of [t.acquiredAt, t.lastRenewedAt, t.lostAt, t.gapBeforeMs]) {
            assert.ok(v === undefined || Number.isFinite(v), `${name}: finite times in the timeline`);
          }
        }
        assert.ok(snap.podMessage === undefined || snap.podMessage.length <= 500, `${name}: a bounded pod message`);
      }
      api.store.applyLease(leaseObject({ namespace: 'odd', name: 'good', holder: `still-good_${uuid}` }));
      await w.proc.waitFor(
        'a later change',
        () => w.proc.leases.get(leaseKey('store', 'odd', 'good'))?.spec.holderIdentity === `still-good_${uuid}`,
      );
      await hb.advances(w);
      await assertHealthy(w);
    });

    test('hostile log lines (HTML, script, right-to-left, control characters, 20 KB): passed on as text, unchanged, long ones clipped', async () => {
      api.store.upsertPod(
        podObject({ namespace: 'logs', name: 'logger-0', owner: { kind: 'ReplicaSet', name: 'logger-rs', uid: 'uid-logger' } }),
      );
      api.store.applyLease(leaseObject({ namespace: 'logs', name: 'logger', holder: `logger-0_${uuid}` }));
      const lines = [
        '<script>alert(1)</script>',
        img,
        `${svg} and ${script}`,
        '\u202Eevil right-to-left\u202C and \u200Bzero-width',
        '\u0007bell \u001b[31mred\u001b[0m \u0000nul \r carriage return',
        '{"level":"info","msg":"became leader","html":"</script><script>alert(4)</script>"}',
        'ünïcødé 日本語 🚀',
        'x'.repeat(20 * 1024),
        'done',
      ];
      for (const line of lines) {
        api.store.appendLog('logs', 'logger-0', 'manager', line);
      }
      await w.proc.watch(['store']);
      const key = leaseKey('store', 'logs', 'logger');
      await w.proc.follow(key);
      const snap = await w.proc.waitFor('every line', () => {
        const s = w.proc.follows.get(key);
        return s?.logs.some((l) => l.text === 'done') ? s : undefined;
      });
      const texts = snap.logs.map((l) => l.text);
      assert.deepEqual(texts.slice(0, 7), lines.slice(0, 7), 'the text is passed on unchanged');
      assert.equal(texts[7], `${'x'.repeat(8 * 1024)}…`, 'a 20 KB line is clipped to 8 KB');
      assert.equal(texts[8], 'done');
      assert.equal(snap.logs[5].signal, 'acquired', 'a leadership line is still recognised');
      await assertHealthy(w);
    });

    test('Leases a real API server refuses to store or never sends: well-typed when passed on, skipped when unusable, the rest delivered', async () => {
      const spec = (extra: Record<string, unknown>): Record<string, unknown> => ({
        holderIdentity: `h_${uuid}`,
        leaseDurationSeconds: 15,
        renewTime: microTime(),
        ...extra,
      });
      const item = (name: unknown, extra: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): Record<string, unknown> => ({
        metadata: {
          name,
          namespace: 'raw',
          uid: `uid-${String(name)}`,
          resourceVersion: '50',
          creationTimestamp: '2026-11-20T00:00:00Z',
          ...meta,
        },
        spec: spec(extra),
      });
      raw.items = [
        item('good'),
        item('neg-duration', { leaseDurationSeconds: -5 }),
        item('zero-duration', { leaseDurationSeconds: 0 }),
        item('micro-3', { renewTime: '2026-11-21T00:41:17.924Z', acquireTime: '2026-11-21T00:41:17.924Z' }),
        item('micro-9', { renewTime: '2026-11-21T00:41:17.924123456Z' }),
        item('garbage-time', { renewTime: 'yesterday', acquireTime: '' }),
        item('wrong-types', {
          holderIdentity: 42,
          leaseDurationSeconds: '15',
          renewTime: 12345,
          leaseTransitions: null,
          strategy: {},
          preferredHolder: ['a'],
        }),
        item('huge-number', { leaseDurationSeconds: 1e308, leaseTransitions: -1e308 }),
        item('odd-meta', {}, { uid: 7, resourceVersion: { v: 1 }, creationTimestamp: 1_700_000_000, labels: ['a', 'b'] }),
        item('label-types', {}, { labels: { ok: 'yes', n: 1, o: { x: 1 }, nil: null } }),
        { metadata: { name: 'spec-string', namespace: 'raw' }, spec: 'oops' },
        { metadata: { name: 'spec-null', namespace: 'raw' }, spec: null },
        { metadata: { name: 'spec-array', namespace: 'raw' }, spec: [1, 2] },
        item(42),
        item('a/b'),
        item('no-namespace', {}, { namespace: undefined }),
        { metadata: null },
        {},
        null,
        'a string',
        7,
        [],
        item('last-good'),
      ];
      await w.proc.watch(['raw']);
      const state = await w.proc.waitFor('raw synced', () => (w.proc.states.get('raw')?.synced ? w.proc.states.get('raw') : undefined));
      assert.equal(state.phase, 'connected', JSON.stringify(state));
      const usable = [
        'good',
        'neg-duration',
        'zero-duration',
        'micro-3',
        'micro-9',
        'garbage-time',
        'wrong-types',
        'huge-number',
        'odd-meta',
        'label-types',
        'spec-string',
        'spec-null',
        'spec-array',
        'last-good',
      ];
      await w.proc.waitFor('the usable Leases', () => usable.every((n) => w.proc.leases.has(leaseKey('raw', 'raw', n))));
      assert.deepEqual(clientKeys(w, 'raw'), usable.map((n) => leaseKey('raw', 'raw', n)).sort(), 'the unusable items are skipped');
      for (const key of clientKeys(w, 'raw')) {
        assertWellTyped(w.proc.leases.get(key)!);
      }
      const get = (n: string): LeaseInfo => w.proc.leases.get(leaseKey('raw', 'raw', n))!;
      assert.equal(get('neg-duration').spec.leaseDurationSeconds, -5, 'passed on as the server has it; the client judges it');
      assert.equal(get('micro-3').spec.renewTime, '2026-11-21T00:41:17.924Z');
      assert.equal(get('garbage-time').spec.renewTime, 'yesterday');
      assert.deepEqual(get('wrong-types').spec, {}, 'fields of the wrong type are dropped');
      assert.deepEqual(get('label-types').labels, { ok: 'yes' });
      assert.deepEqual(get('spec-string').spec, {});

      // Followed, such Leases still make a view.
      for (const name of ['neg-duration', 'micro-3', 'garbage-time', 'wrong-types', 'last-good']) {
        const key = leaseKey('raw', 'raw', name);
        await w.proc.follow(key);
        const snap = await w.proc.waitFor(`the follow view of ${name}`, () => {
          const s = w.proc.follows.get(key);
          return s?.lease && s.podResolution !== 'resolving' ? s : undefined;
        });
        assertWellTyped(snap.lease!);
        for (const t of snap.timeline.terms) {
          for (const v of [t.acquiredAt, t.lastRenewedAt, t.lostAt, t.gapBeforeMs]) {
            assert.ok(v === undefined || Number.isFinite(v), `${name}: finite times`);
          }
        }
      }
      await hb.advances(w);
      await assertHealthy(w);
    });
  });

  test('junk in a watch stream (invalid JSON, invalid UTF-8, wrong shapes, an ERROR event): skipped or reported, the stream goes on, nothing after it lost', async () => {
    await w.proc.waitFor('the raw watch open', () => raw.leaseWatches >= 1 && w.proc.states.get('raw')?.phase === 'connected');
    const good = (holder: string, rv: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      type: 'MODIFIED',
      object: {
        kind: 'Lease',
        apiVersion: 'coordination.k8s.io/v1',
        metadata: { name: 'good', namespace: 'raw', uid: 'uid-good', resourceVersion: rv, ...extra },
        spec: { holderIdentity: holder, leaseDurationSeconds: 15 },
      },
    });
    const notesBefore = w.proc.logLines.filter((l) => /not JSON/.test(l.message)).length;
    const junk: (string | Buffer)[] = [
      '{"type":"MODIFIED","object":{',
      `not json ${script}`,
      'null',
      '[]',
      '"a string"',
      '42',
      '',
      '{"type":"ADDED"}',
      '{"type":"ADDED","object":null}',
      '{"type":"ADDED","object":"x"}',
      '{"type":"ADDED","object":{"metadata":null}}',
      '{"type":"ADDED","object":{"metadata":{"name":42,"namespace":"raw"}}}',
      JSON.stringify({ type: 'WHATEVER', object: (good('whatever_1', '101') as { object: unknown }).object }),
      JSON.stringify(good('odd-version_1', '102', { resourceVersion: { v: 1 } })),
      withBytes(JSON.stringify(good('bytes-@@', '103')), '@@', [0xff, 0xfe, 0xc3]),
      JSON.stringify(good('after-junk_1', '104')),
    ];
    for (const line of junk) {
      raw.send(line);
    }
    await w.proc.waitFor(
      'the event after the junk',
      () => w.proc.leases.get(leaseKey('raw', 'raw', 'good'))?.spec.holderIdentity === 'after-junk_1',
    );
    const notes = w.proc.logLines.filter((l) => /\[raw\] .*skipped a watch line that is not JSON/.test(l.message)).length - notesBefore;
    assert.ok(notes >= 2, `the invalid lines are noted (${notes})`);
    assert.ok(!w.proc.leases.has(leaseKey('raw', 'raw', '42')), 'a junk object makes no Lease');
    assert.equal(w.proc.states.get('raw')?.phase, 'connected');
    assertWellTyped(w.proc.leases.get(leaseKey('raw', 'raw', 'good'))!);
    const watchesBefore = raw.requests.filter((r) => r.watch && !r.path.includes('kube-node-lease') && r.path.endsWith('/leases')).length;

    // An ERROR event that is not 410: reported with the server's words, then watched again.
    const statesBefore = w.states('raw').length;
    raw.send(
      JSON.stringify({
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          code: 500,
          reason: 'InternalError',
          message: 'etcdserver: request timed out',
        },
      }),
      'never-matches-a-name',
    );
    const failed = await w.proc.waitFor('the error reported', () =>
      w
        .states('raw')
        .slice(statesBefore)
        .find((s) => s.phase !== 'connected'),
    );
    assert.equal(failed.phase, 'unreachable');
    assert.match(failed.message ?? '', /etcdserver: request timed out/);
    assert.match(failed.hint ?? '', /watches again/);
    await w.proc.waitFor(
      'watching again',
      () =>
        raw.requests.filter((r) => r.watch && !r.path.includes('kube-node-lease') && r.path.endsWith('/leases')).length > watchesBefore &&
        w.proc.states.get('raw')?.phase === 'connected',
      10_000,
    );
    await w.proc.waitFor('the raw watch open again', () => raw.leaseWatches >= 1);
    raw.send(JSON.stringify(good('after-error_1', '105')));
    await w.proc.waitFor(
      'the event after the error',
      () => w.proc.leases.get(leaseKey('raw', 'raw', 'good'))?.spec.holderIdentity === 'after-error_1',
    );
    const watchQueries = raw.requests.filter((r) => r.watch).map((r) => new URLSearchParams(r.query).get('resourceVersion'));
    assert.ok(
      watchQueries.every((rv) => rv === null || /^\d+$/.test(rv)),
      `every watch asked for a plain resourceVersion: ${JSON.stringify([...new Set(watchQueries)])}`,
    );
    await hb.advances(w);
  });

  test('audit: only GET was sent, no credential was shown, the server is healthy', async () => {
    await assertHealthy(w);
    audit.verify(20);
  });
});
