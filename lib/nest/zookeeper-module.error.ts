import { ZkError } from '../client';

/**
 * The ZooKeeper module could not set the application up: a client with invalid options, registered twice, missing,
 * or unable to connect while bootstrap waited for it; a decorator on a request-scoped provider or with a bad path; a
 * watched node it could not read. The message names the client, or the class and method. Bootstrap fails with it.
 *
 * @publicApi
 */
export class ZookeeperModuleError extends ZkError {}
