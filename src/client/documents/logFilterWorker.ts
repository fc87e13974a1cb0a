// The worker thread that runs a controller log filter (bundled on its own as
// dist/logFilterWorker.js). A user's regular expression can backtrack for minutes on one line;
// here it blocks only this thread, which LogFilterRunner terminates when it overruns its bound.
// No vscode: worker threads cannot load it.
import { parentPort, workerData } from 'node:worker_threads';
import { compileLogFilter } from '../../core/logFilter';
import { isRecord } from '../../shared/guards';
import { useL10n, type L10nBundle } from '../../shared/l10n';
import type { LogFilterReply, LogFilterRequest } from './logFilterMessages';

// The UI language and bundle the host runs with (LogFilterRunner passes them), for the filter's errors.
const l10n: unknown = isRecord(workerData) ? workerData.l10n : undefined;
if (isRecord(l10n) && typeof l10n.language === 'string') {
  useL10n({ language: l10n.language, bundle: isRecord(l10n.bundle) ? (l10n.bundle as L10nBundle) : undefined });
}

const port = parentPort;
if (port) {
  port.on('message', (request: LogFilterRequest) => {
    const compiled = compileLogFilter(request.filter);
    let reply: LogFilterReply;
    if (!compiled.ok) {
      reply = { id: request.id, error: compiled.error };
    } else {
      const matches: number[] = [];
      request.lines.forEach((line, index) => {
        if (compiled.test(line)) {
          matches.push(index);
        }
      });
      reply = { id: request.id, matches };
    }
    port.postMessage(reply);
  });
}
