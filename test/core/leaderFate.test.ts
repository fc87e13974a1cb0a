// The fate of the old leader: one cause from the evidence about its pod, a table of cases.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deriveFate, fateLine, type FateInput, type PodEvidence } from '../../src/core/leaderFate';
import type { FateCause } from '../../src/shared/fate';
import { incidentJson, incidentMarkdown } from '../../src/core/incidentSummary';

const END = Date.parse('2026-03-01T15:20:26Z');
const LAST_RENEW = END - 15_000;
const OOM_AT = LAST_RENEW + 1_000;
const time = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

function running(over: Partial<PodEvidence> = {}): PodEvidence {
  return {
    name: 'ctrl-7d9f-a1',
    phase: 'Running',
    nodeName: 'worker-1',
    containers: [{ name: 'manager', restartCount: 0, runningSince: END - 3_600_000 }],
    ...over,
  };
}

function input(over: Partial<FateInput> = {}): FateInput {
  return {
    term: { holder: 'ctrl-7d9f-a1_1234', acquiredAt: END - 600_000, lastRenewedAt: LAST_RENEW, lostAt: END, end: 'expired' },
    podName: 'ctrl-7d9f-a1',
    pod: running(),
    node: { name: 'worker-1', ready: true, since: END - 86_400_000 },
    events: [],
    logs: [],
    notes: [],
    settled: true,
    ...over,
  };
}

const oomPod = running({
  containers: [
    {
      name: 'manager',
      restartCount: 1,
      runningSince: OOM_AT + 2_000,
      terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: OOM_AT, startedAt: END - 3_600_000 },
    },
  ],
});
const rollout = {
  deployment: 'ctrl',
  replicaSet: 'ctrl-7d9f',
  replicas: 0,
  newer: { name: 'ctrl-5b6c', createdAt: END - 30_000, replicas: 2 },
};

const cases: { name: string; input: FateInput; cause: FateCause; line: RegExp }[] = [
  {
    name: 'OOMKilled and restarted',
    input: input({ pod: oomPod }),
    cause: 'oom-killed',
    line: new RegExp(`^expired: pod OOMKilled at ${time(OOM_AT)} \\(exit 137\\), restarted$`),
  },
  {
    name: 'crashed with Error, in CrashLoopBackOff',
    input: input({
      pod: running({
        containers: [
          {
            name: 'manager',
            restartCount: 4,
            waitingReason: 'CrashLoopBackOff',
            terminated: { reason: 'Error', exitCode: 1, finishedAt: OOM_AT },
          },
        ],
      }),
    }),
    cause: 'crashed',
    line: /^expired: container exited at \d\d:\d\d:\d\d \(Error\) \(exit 1\), restarted, now in CrashLoopBackOff$/,
  },
  {
    name: 'a termination long before the term ended is not the cause',
    input: input({
      pod: running({
        containers: [
          {
            name: 'manager',
            restartCount: 1,
            runningSince: END - 3_000_000,
            terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: END - 3_000_500 },
          },
        ],
      }),
    }),
    cause: 'running',
    line: /^expired: pod still running, no restart$/,
  },
  {
    name: 'evicted (status.reason)',
    input: input({
      pod: running({ phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' }),
      events: [{ at: END - 5_000, kind: 'Pod', name: 'ctrl-7d9f-a1', reason: 'Evicted', message: 'low on memory' }],
    }),
    cause: 'evicted',
    line: /^expired: pod evicted at \d\d:\d\d:\d\d$/,
  },
  {
    name: 'deleted (404) with a Killing Event',
    input: input({
      pod: 'gone',
      events: [{ at: END - 14_000, kind: 'Pod', name: 'ctrl-7d9f-a1', reason: 'Killing', message: 'Stopping container manager' }],
    }),
    cause: 'deleted',
    line: /^expired: pod deleted at \d\d:\d\d:\d\d$/,
  },
  {
    name: 'node NotReady',
    input: input({ node: { name: 'worker-1', ready: false, since: END - 20_000, reason: 'NodeStatusUnknown' } }),
    cause: 'node-not-ready',
    line: /^expired: node worker-1 NotReady since \d\d:\d\d:\d\d$/,
  },
  {
    name: 'pod and node gone: the node went',
    input: input({ pod: 'gone', node: 'gone', nodeName: 'worker-1' }),
    cause: 'node-gone',
    line: /^expired: node worker-1 is gone$/,
  },
  {
    name: 'pod gone, its node unknown: deleted',
    input: input({ pod: 'gone', node: undefined }),
    cause: 'deleted',
    line: /^expired: pod deleted$/,
  },
  {
    name: 'node gone, the pod still recorded on it',
    input: input({ pod: running({ phase: 'Unknown' }), node: 'gone' }),
    cause: 'node-gone',
    line: /^expired: node worker-1 is gone$/,
  },
  {
    name: 'rollout handover: released, a newer ReplicaSet scaling up',
    input: input({ term: { holder: 'ctrl-7d9f-a1_1234', lastRenewedAt: LAST_RENEW, lostAt: END, end: 'released' }, pod: 'gone', rollout }),
    cause: 'rollout',
    line: /^released: handed over in a rollout of Deployment ctrl \(ctrl-7d9f → ctrl-5b6c\)$/,
  },
  {
    name: 'a crash during a rollout is a crash',
    input: input({ pod: oomPod, rollout }),
    cause: 'oom-killed',
    line: /^expired: pod OOMKilled at/,
  },
  {
    name: 'a rollout long before the end is not the cause',
    input: input({ pod: 'gone', rollout: { ...rollout, newer: { ...rollout.newer, createdAt: END - 3_600_000 } } }),
    cause: 'deleted',
    line: /^expired: pod deleted$/,
  },
  {
    name: 'still running, the log says it lost the lease',
    input: input({
      logs: [
        { at: LAST_RENEW - 1_000, text: 'successfully renewed lease', previous: false },
        { at: END - 2_000, text: 'failed to renew lease apps/ctrl: context deadline exceeded', signal: 'renew-failed', previous: false },
      ],
    }),
    cause: 'lost-lease',
    line: /^expired: pod still running; its log says “failed to renew lease apps\/ctrl: context deadline exceeded” at /,
  },
  {
    name: 'OOMKilling node Event without the pod',
    input: input({
      pod: 'gone',
      events: [
        {
          at: OOM_AT,
          kind: 'Node',
          name: 'worker-1',
          reason: 'OOMKilling',
          message: 'Memory cgroup out of memory: Killed process 4242 (manager)',
        },
      ],
    }),
    cause: 'oom-killed',
    line: /^expired: pod OOMKilled at \d\d:\d\d:\d\d$/,
  },
  {
    name: 'the pod could not be read',
    input: input({ pod: 'unknown', node: undefined, notes: ['You may not get pods in apps'] }),
    cause: 'unknown',
    line: /^expired: no trace of the pod found$/,
  },
];

describe('deriveFate', () => {
  for (const c of cases) {
    test(c.name, () => {
      const fate = deriveFate(c.input);
      assert.equal(fate.cause, c.cause);
      assert.match(fateLine(fate, time), c.line);
    });
  }

  test('the evidence: pod, container, node, Events in the window, rollout, previous log lines, notes', () => {
    const fate = deriveFate(
      input({
        pod: oomPod,
        rollout: { deployment: 'ctrl', replicaSet: 'ctrl-7d9f', replicas: 2 },
        events: [
          { at: OOM_AT, kind: 'Pod', name: 'ctrl-7d9f-a1', reason: 'BackOff', message: 'Back-off restarting failed container', count: 3 },
          { at: END - 86_400_000, kind: 'Pod', name: 'ctrl-7d9f-a1', reason: 'Pulled', message: 'old news' },
        ],
        logs: [
          {
            at: OOM_AT - 3_000,
            text: 'failed to renew lease apps/ctrl: context deadline exceeded',
            signal: 'renew-failed',
            previous: true,
          },
          { at: OOM_AT - 1_000, text: 'leaderelection lost', signal: 'lost', previous: true },
          { at: OOM_AT + 5_000, text: 'attempting to acquire leader lease apps/ctrl...', signal: 'attempting', previous: false },
          { at: OOM_AT + 5_500, text: 'ordinary line', previous: false },
        ],
        notes: ['node: forbidden'],
      }),
    );
    assert.equal(fate.crashLoop, true, 'a BackOff Event in the window');
    const sources = fate.evidence.map((e) => e.source);
    assert.deepEqual([...new Set(sources)], ['pod', 'container', 'node', 'event', 'rollout', 'log', 'note']);
    assert.ok(fate.evidence.some((e) => e.text.includes('OOMKilled, exit code 137') && e.at === OOM_AT));
    assert.ok(!fate.evidence.some((e) => e.text.includes('old news')), 'Events outside the window are left out');
    const logs = fate.evidence.filter((e) => e.source === 'log');
    assert.deepEqual(
      logs.map((e) => [e.text, e.previous === true]),
      [
        ['failed to renew lease apps/ctrl: context deadline exceeded', true],
        ['leaderelection lost', true],
        ['attempting to acquire leader lease apps/ctrl...', false],
      ],
    );
    assert.equal(fate.lastLog?.signal, 'attempting');
  });

  test('cluster strings are clipped to one printable line', () => {
    const fate = deriveFate(
      input({ pod: running({ name: `evil\u202e\npod${'x'.repeat(2000)}`, reason: '<img src=x onerror=alert(1)>' }) }),
    );
    for (const e of fate.evidence) {
      assert.ok(e.text.length <= 700, 'bounded');
      assert.doesNotMatch(e.text, /[\n\u202e]/);
    }
    assert.ok(fate.pod!.length <= 300);
  });
});

describe('the incident summary with fates', () => {
  test('the fate line and its evidence, escaped, in Markdown and JSON', () => {
    const fate = deriveFate(
      input({
        pod: oomPod,
        logs: [{ at: OOM_AT - 1_000, text: 'leaderelection lost [x](https://evil.example)', signal: 'lost', previous: true }],
      }),
    );
    const base = { key: 'ctx/apps/ctrl', detail: null, events: [], now: END + 60_000 };
    assert.ok(!incidentMarkdown(base).includes('fates'), 'nothing without fates');
    const md = incidentMarkdown({ ...base, fates: [fate] });
    assert.match(md, /## The old leaders’ fates/);
    assert.ok(md.replace(/\\/g, '').includes(`expired: pod OOMKilled at ${new Date(OOM_AT).toISOString()} (exit 137), restarted`), md);
    assert.match(md, /\[log previous container\] leaderelection lost \[x\]\(https:\/\/evil\.example\)/, 'log lines inside a fenced block');
    const json = JSON.parse(incidentJson({ ...base, fates: [fate] })) as { fates: { line: string; evidence: { source: string }[] }[] };
    assert.match(json.fates[0].line, /^expired: pod OOMKilled at /);
    assert.ok(json.fates[0].evidence.some((e) => e.source === 'log'));
  });
});
