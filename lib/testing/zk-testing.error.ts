import { ZkError } from '../protocol/zk-error';

/**
 * A test helper could not do what it was asked: no ZooKeeper installation found, a server that did not start (the
 * message gives its log file and last lines), a bad `ZK_CONNECT` or cluster size, a session that would not expire,
 * the container backend without `testcontainers`.
 */
export class ZkTestingError extends ZkError {}
