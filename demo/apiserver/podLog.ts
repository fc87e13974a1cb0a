// GET pods/{name}/log as the API server and kubelet answer it: container choice and its errors,
// previous, tailLines, sinceSeconds/sinceTime, timestamps, limitBytes and follow.
import type { ServerResponse } from 'node:http';
import type { LogFollower, LogLine } from './logs';
import { parseBool } from './requestInfo';
import type { FaultRequest } from './faults';
import { badRequest, forbiddenField, invalid, invalidValue, notFound } from './status';
import type { ClusterStore } from './store';
import type { StreamRegistry } from './streams';
import type { Pod } from './types';

function intParam(q: URLSearchParams, name: string, min: number, podName: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') {
    return undefined;
  }
  if (!/^-?\d+$/.test(v)) {
    throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  }
  const n = Number(v);
  if (n < min) {
    throw invalid('', 'PodLogOptions', podName, [
      invalidValue(name, String(n), min === 0 ? 'must be greater than or equal to 0' : 'must be greater than 0'),
    ]);
  }
  return n;
}

/** Go's time.Parse(time.RFC3339, v) error, for the common case of a value that is no date at all. */
function unparsableTime(v: string): string {
  const layout = '2006-01-02T15:04:05Z07:00';
  const year = /^\d{4}/.test(v) ? v : undefined;
  return year === undefined
    ? `parsing time ${JSON.stringify(v)} as "${layout}": cannot parse ${JSON.stringify(v)} as "2006"`
    : `parsing time ${JSON.stringify(v)} as "${layout}": cannot parse ${JSON.stringify(v.slice(4))} as "-"`;
}

export function servePodLog(
  res: ServerResponse,
  store: ClusterStore,
  registry: StreamRegistry,
  request: FaultRequest,
  namespace: string,
  podName: string,
  q: URLSearchParams,
): void {
  const pod = store.get('pods', namespace, podName) as Pod | undefined;
  if (!pod) {
    throw notFound({ group: '', resource: 'pods' }, podName);
  }
  const names = pod.spec.containers.map((c) => c.name);
  const initNames = (pod.spec.initContainers ?? []).map((c) => c.name);
  let container = q.get('container') ?? '';
  if (!container) {
    if (names.length !== 1) {
      const init = initNames.length ? ` or one of the init containers: [${initNames.join(' ')}]` : '';
      throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${names.join(' ')}]${init}`);
    }
    container = names[0];
  }
  if (!names.includes(container) && !initNames.includes(container)) {
    throw badRequest(`container ${container} is not valid for pod ${podName}`);
  }
  const previous = parseBool(q.get('previous')) === true;
  const follow = parseBool(q.get('follow')) === true && !previous;
  const timestamps = parseBool(q.get('timestamps')) === true;
  const tailLines = intParam(q, 'tailLines', 0, podName);
  const sinceSeconds = intParam(q, 'sinceSeconds', 1, podName);
  const limitBytes = intParam(q, 'limitBytes', 1, podName);
  const sinceTimeRaw = q.get('sinceTime');
  if (sinceSeconds !== undefined && sinceTimeRaw) {
    throw invalid('', 'PodLogOptions', podName, [forbiddenField('[]', 'at most one of `sinceTime` or `sinceSeconds` may be specified')]);
  }
  let since: number | undefined;
  if (sinceSeconds !== undefined) {
    since = Date.now() - sinceSeconds * 1000;
  }
  if (sinceTimeRaw) {
    since = Date.parse(sinceTimeRaw);
    if (Number.isNaN(since) || !/^\d{4}-\d\d-\d\dT/.test(sinceTimeRaw)) {
      throw badRequest(unparsableTime(sinceTimeRaw));
    }
  }

  const status = pod.status?.containerStatuses?.find((s) => s.name === container);
  const logs = store.podLogs(namespace, podName);
  const log = logs?.container(container);
  if (previous) {
    if (!log?.previous) {
      throw badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
    }
  } else if (status?.state?.waiting) {
    throw badRequest(
      `container "${container}" in pod "${podName}" is waiting to start: ${status.state.waiting.reason ?? 'ContainerCreating'}`,
    );
  }
  const ring = previous ? log?.previous : log?.current;
  let lines: LogLine[] = ring?.toArray() ?? [];
  if (since !== undefined) {
    const s = since;
    lines = lines.filter((l) => l.ms >= s);
  }
  if (tailLines !== undefined) {
    lines = tailLines === 0 ? [] : lines.slice(-tailLines);
  }

  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  let budget = limitBytes ?? Infinity;
  let ended = false;
  let silenced = false;
  let queue: string[] = [];
  let endWhenHeard = false;
  const end = (graceful: boolean): void => {
    if (ended) {
      return;
    }
    if (graceful && silenced) {
      endWhenHeard = true; // a silenced stream ends after its held output
      return;
    }
    ended = true;
    if (graceful) {
      res.end();
    } else {
      res.destroy();
    }
  };
  const emit = (s: string): void => {
    if (ended) {
      return;
    }
    if (silenced) {
      queue.push(s);
      return;
    }
    const buf = Buffer.from(s);
    if (buf.length >= budget) {
      res.write(buf.subarray(0, budget));
      budget = 0;
      end(true);
      return;
    }
    budget -= buf.length;
    res.write(buf);
  };
  const format = (l: LogLine): string => (timestamps ? `${l.ts} ${l.text}\n` : `${l.text}\n`);
  if (!follow || !log) {
    for (const l of lines) {
      emit(format(l));
    }
    end(true);
    return;
  }
  res.flushHeaders();
  const unregister = registry.add({
    request,
    kind: 'follow',
    drop: (graceful) => end(graceful),
    setSilenced: (on) => {
      silenced = on;
      if (!on) {
        const held = queue;
        queue = [];
        for (const s of held) {
          emit(s);
        }
        if (endWhenHeard) {
          end(true);
        }
      }
    },
  });
  for (const l of lines) {
    emit(format(l));
  }
  const follower: LogFollower = { line: (l) => emit(format(l)), end: () => end(true) };
  const unfollow = log.follow(follower);
  res.on('close', () => {
    ended = true;
    unfollow();
    unregister();
  });
  if (ended) {
    unfollow();
    unregister();
  }
}
