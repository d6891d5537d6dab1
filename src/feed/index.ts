/** Live feed: validation, state, status evaluation and the polling client (see docs/feed.md). */
export { FeedClient, backoffDelay } from './client';
export type { FailureKind, FeedClientOptions, FeedHealth, PollOutcome, BackoffOptions } from './client';
export { FeedStore } from './store';
export type { AlarmItem, ApplyResult, SectionState, SensorState, StatusBatch, FeedStoreEvents } from './store';
export { SensorRegistry } from './registry';
export type { RegistryInput, SectionDef } from './registry';
export { parseFeedText, validateDocument } from './validate';
export type { ValidateResult, ValidatedBatch, RejectedExample } from './validate';
export { parseIdList } from './ids';
export type { IdList } from './ids';
export { parseIsoTime } from './time';
