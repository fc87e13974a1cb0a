// Leader-election candidates for the local test cluster and the demo (see elector.ts).
export { Elector, type ElectorEvents, type ElectorState, type StopReason } from './elector';
export { type ElectorOptions, loadKubeConfig, defaultClock } from './electorOptions';
export { type EventSourceOptions, leaderElectionEvent } from './eventRecorder';
export { type LeaderElectionRecord, recordFromSpec } from './leaderElectionRecord';
export { leaderElectionLogs } from './leaderElectionLogs';
export { formatLogLine, LOG_FORMATS, type LogFormat, type LogRecord } from './logFormat';
export { formatMicroTime, formatTime } from './microTime';
export { type ChatterProfile, ordinaryLine } from './ordinaryLines';
