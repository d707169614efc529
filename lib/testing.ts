export * from './testing/zookeeper-test-cluster';
export * from './testing/test-server';
export * from './testing/find-zookeeper';
export * from './testing/four-letter-word';
export { containerRuntimeProblem, DEFAULT_ZOOKEEPER_IMAGE } from './testing/container-backend';
export type { LocalServerSettings } from './testing/local-backend';
export * from './testing/fault-proxy';
export * from './testing/container-runtime';
export * from './testing/expire-session';
