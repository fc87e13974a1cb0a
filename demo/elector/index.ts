// Leader-election candidates for the local test cluster and the demo (see elector.ts).
export { Elector, type ElectorEvents, type ElectorState, type StopReason } from './elector';
export { type ElectorOptions, loadKubeConfig, defaultClock } from './electorOptions';
export { type EventSourceOptions, leaderElectionEvent } from './eventRecorder';
export { type LeaderElectionRecord, recordFromSpec } from './leaderElectionRecord';
export { annotationFromRecord, leaderAnnotationKey, recordFromAnnotation } from './annotationRecord';
export { LOCK_TYPES, type LockRef, type LockType, type ResourceLock } from './resourceLock';
export { MultiLock, unknownLeader } from './multiLock';
export { leaderElectionLogs } from './leaderElectionLogs';
export { formatLogLine, LOG_FORMATS, type LogFormat, type LogRecord } from './logFormat';
export { formatMicroTime, formatTime } from './microTime';
export { type ChatterProfile, ordinaryLine } from './ordinaryLines';
