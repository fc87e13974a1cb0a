import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LeaseEvent } from '../../src/shared/types';
import { mergeEvents, toLeaseEvent } from '../../src/core/events';
import { maxEvents as MAX_EVENTS } from '../../src/shared/constants';
import { at } from '../support/builders';
import { fixtureEvents } from '../support/fixtures';

describe('toLeaseEvent', () => {
  test('every core/v1 Event in events.json', () => {
    assert.deepEqual(fixtureEvents().map(toLeaseEvent), [
      {
        uid: 'aa11bb22-cc33-4d44-8e55-ff6677889900',
        time: Date.parse('2026-11-20T23:58:41Z'),
        type: 'Normal',
        reason: 'LeaderElection',
        message: 'cp-node-2_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21 became leader',
        source: 'default-scheduler',
        count: 1,
      },
      {
        uid: 'bb22cc33-dd44-4e55-9f66-001122334455',
        time: Date.parse('2026-11-20T23:58:22Z'),
        type: 'Normal',
        reason: 'LeaderElection',
        message: 'cp-node-1_77e6d5c4-b3a2-4918-8f7e-6d5c4b3a2918 stopped leading',
        source: 'default-scheduler',
        count: 1,
      },
    ]);
  });

  test('an events.k8s.io/v1 Event with a series', () => {
    const event = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'kube-scheduler.1', namespace: 'kube-system', uid: 'ev-1', creationTimestamp: '2026-11-21T00:41:36Z' },
      eventTime: '2026-11-21T00:41:36.118002Z',
      series: { count: 4, lastObservedTime: '2026-11-21T00:45:00.000001Z' },
      reportingController: 'kube-scheduler',
      reportingInstance: 'kube-scheduler-cp-node-2',
      action: 'Leading',
      reason: 'LeaderElection',
      regarding: { kind: 'Lease', namespace: 'kube-system', name: 'kube-scheduler' },
      note: 'cp-node-2_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21 became leader',
      type: 'Normal',
    };
    assert.deepEqual(toLeaseEvent(event), {
      uid: 'ev-1',
      time: at('2026-11-21T00:45:00.000001Z'),
      type: 'Normal',
      reason: 'LeaderElection',
      message: 'cp-node-2_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21 became leader',
      source: 'kube-scheduler, kube-scheduler-cp-node-2',
      count: 4,
    });
    const { series: _series, ...single } = event;
    assert.equal(toLeaseEvent(single)?.time, at('2026-11-21T00:41:36.118002Z'));
    assert.equal(toLeaseEvent(single)?.count, 1);
  });

  test('time falls back through firstTimestamp to creationTimestamp', () => {
    const base = { metadata: { uid: 'u', creationTimestamp: '2026-11-21T00:00:03Z' }, reason: 'LeaderElection', message: 'm' };
    assert.equal(
      toLeaseEvent({ ...base, lastTimestamp: '2026-11-21T00:00:01Z', eventTime: '2026-11-21T00:00:09.000000Z' })?.time,
      at('2026-11-21T00:00:01Z'),
    );
    assert.equal(toLeaseEvent({ ...base, lastTimestamp: null, firstTimestamp: '2026-11-21T00:00:02Z' })?.time, at('2026-11-21T00:00:02Z'));
    assert.equal(toLeaseEvent({ ...base, lastTimestamp: 'garbage', eventTime: null })?.time, at('2026-11-21T00:00:03Z'));
    assert.equal(toLeaseEvent({ metadata: { uid: 'u' }, reason: 'x' }), undefined);
  });

  test('source from component and host, defaults for missing fields', () => {
    assert.deepEqual(
      toLeaseEvent({
        metadata: { uid: 'u' },
        lastTimestamp: '2026-11-21T00:00:01Z',
        source: { component: 'kubelet', host: 'cp-node-1' },
        count: 0,
      }),
      { uid: 'u', time: at('2026-11-21T00:00:01Z'), type: 'Normal', reason: '', message: '', source: 'kubelet, cp-node-1', count: 1 },
    );
    assert.equal(
      toLeaseEvent({ metadata: { uid: 'u' }, lastTimestamp: '2026-11-21T00:00:01Z', source: {}, reportingComponent: 'kcm' })?.source,
      'kcm',
    );
    assert.equal(toLeaseEvent({ metadata: { uid: 'u' }, lastTimestamp: '2026-11-21T00:00:01Z' })?.source, '');
    assert.equal(
      toLeaseEvent({ metadata: { uid: 'u' }, lastTimestamp: '2026-11-21T00:00:01Z', type: 'Warning', count: 7 })?.type,
      'Warning',
    );
    assert.equal(toLeaseEvent({ metadata: { uid: 'u' }, lastTimestamp: '2026-11-21T00:00:01Z', count: 7 })?.count, 7);
    assert.equal(toLeaseEvent({ metadata: { uid: 'u' }, lastTimestamp: '2026-11-21T00:00:01Z', deprecatedCount: 3 })?.count, 3);
  });

  test('without a uid, namespace/name identifies the event', () => {
    assert.equal(toLeaseEvent({ metadata: { namespace: 'ns', name: 'e1' }, lastTimestamp: '2026-11-21T00:00:01Z' })?.uid, 'ns/e1');
    assert.equal(toLeaseEvent({ metadata: { name: 'e1' }, lastTimestamp: '2026-11-21T00:00:01Z' }), undefined);
  });

  test('not an Event at all', () => {
    for (const value of [null, undefined, 42, 'event', [], {}, { metadata: null }]) {
      assert.equal(toLeaseEvent(value), undefined, JSON.stringify(value));
    }
  });
});

describe('mergeEvents', () => {
  function ev(uid: string, time: number, count = 1): LeaseEvent {
    return { uid, time, type: 'Normal', reason: 'LeaderElection', message: uid, source: 's', count };
  }

  test('by uid, oldest first; a newer version replaces, an older one does not', () => {
    const existing = [ev('a', 10), ev('b', 20)];
    const incoming = [ev('a', 30, 2), ev('b', 5, 9), ev('c', 15)];
    assert.deepEqual(mergeEvents(existing, incoming), [ev('c', 15), ev('b', 20), ev('a', 30, 2)]);
    assert.deepEqual(existing, [ev('a', 10), ev('b', 20)]);
    assert.deepEqual(mergeEvents([ev('a', 10)], [ev('a', 10, 3)]), [ev('a', 10, 3)]);
  });

  test('the fixture events merge into time order', () => {
    const events = fixtureEvents()
      .map(toLeaseEvent)
      .filter((e): e is LeaseEvent => e !== undefined);
    assert.deepEqual(
      mergeEvents([], events).map((e) => e.uid),
      ['bb22cc33-dd44-4e55-9f66-001122334455', 'aa11bb22-cc33-4d44-8e55-ff6677889900'],
    );
    assert.deepEqual(mergeEvents(events, events), mergeEvents([], events));
  });

  test('keeps the newest max events', () => {
    const many = Array.from({ length: 600 }, (_, i) => ev(`e${i}`, i));
    const kept = mergeEvents([], many);
    assert.equal(MAX_EVENTS, 500);
    assert.equal(kept.length, 500);
    assert.equal(kept[0]?.uid, 'e100');
    assert.equal(kept.at(-1)?.uid, 'e599');
    assert.deepEqual(
      mergeEvents(many.slice(0, 3), [ev('z', 1000)], 2).map((e) => e.uid),
      ['e2', 'z'],
    );
    assert.deepEqual(mergeEvents(many.slice(0, 3), [], 0), []);
  });
});
