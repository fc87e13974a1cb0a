// What client-go's leaderelection package (and the program around it) logs, as LogRecords. The
// printf texts are client-go's up to 1.34 (including its "optimitically" typo); the structured
// messages are 1.35's. Line numbers follow the version of each style.
import type { LogFormat, LogRecord } from './logFormat';

const PKG = 'leaderelection';
const FILE = 'leaderelection.go';

function le(format: LogFormat, lines: [printf: number, structured: number], rec: Omit<LogRecord, 'pkg' | 'file' | 'line'>): LogRecord {
  return { pkg: PKG, file: FILE, line: format === 'klog-printf' ? lines[0] : lines[1], ...rec };
}

export const leaderElectionLogs = {
  attempting: (f: LogFormat, lock: string): LogRecord =>
    le(f, [250, 257], {
      severity: 'I',
      text: `attempting to acquire leader lease ${lock}...`,
      msg: 'Attempting to acquire leader lease...',
      kv: [['lock', lock]],
    }),

  acquired: (f: LogFormat, lock: string): LogRecord =>
    le(f, [260, 271], {
      severity: 'I',
      text: `successfully acquired lease ${lock}`,
      msg: 'Successfully acquired lease',
      kv: [['lock', lock]],
    }),

  /** Renewal gave up after the renew deadline. client-go ≤1.34 logs it at info level. */
  renewFailed: (f: LogFormat, lock: string): LogRecord =>
    f === 'klog-printf'
      ? le(f, [297, 308], { severity: 'I', text: `failed to renew lease ${lock}: timed out waiting for the condition`, msg: '' })
      : le(f, [297, 308], {
          severity: 'E',
          text: '',
          msg: 'Failed to renew lease',
          err: 'context deadline exceeded',
          kv: [['lock', lock]],
        }),

  optimisticUpdateFailed: (f: LogFormat, err: string): LogRecord =>
    le(f, [429, 442], {
      severity: 'E',
      text: `Failed to update lock optimitically: ${err}, falling back to slow path`,
      msg: 'Failed to update lock optimistically, falling back to slow path',
      err,
    }),

  getFailed: (f: LogFormat, lock: string, err: string): LogRecord =>
    le(f, [436, 449], {
      severity: 'E',
      text: `error retrieving resource lock ${lock}: ${err}`,
      msg: 'Error retrieving lease lock',
      err,
      kv: [['lock', lock]],
    }),

  createFailed: (f: LogFormat, err: string): LogRecord =>
    le(f, [445, 458], {
      severity: 'E',
      text: `error initially creating leader election record: ${err}`,
      msg: 'Error initially creating lease lock',
      err,
    }),

  updateFailed: (f: LogFormat, err: string): LogRecord =>
    le(f, [467, 480], { severity: 'E', text: `Failed to update lock: ${err}`, msg: 'Failed to update lease lock', err }),

  releaseFailed: (f: LogFormat, err: string): LogRecord =>
    le(f, [332, 346], { severity: 'E', text: `Failed to release lock: ${err}`, msg: 'Failed to release lease lock', err }),

  releaseNotFound: (f: LogFormat, lock: string): LogRecord =>
    le(f, [325, 339], { severity: 'I', text: `lease lock not found: ${lock}`, msg: 'Lease lock not found', kv: [['lock', lock]] }),

  /** What the program says when OnStoppedLeading fires after a lost lease (then it exits). */
  lost: (f: LogFormat, appFile: string): LogRecord => ({
    severity: 'E',
    pkg: 'app',
    file: appFile,
    line: f === 'klog-printf' ? 87 : 345,
    text: 'leaderelection lost',
    msg: f === 'json' ? 'problem running manager' : 'leaderelection lost',
    ...(f === 'json' ? { err: 'leader election lost', zap: { logger: 'setup' } } : {}),
  }),
};
