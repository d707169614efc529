import { ClientClosedError, NoNodeError, NodeExistsError, SessionExpiredError } from './client-api';

/** Swallows "the node is already gone", rethrows anything else. */
export function ignoreNoNode(error: unknown): void {
  if (!(error instanceof NoNodeError)) throw error;
}

/** Swallows "the node is already there", rethrows anything else. */
export function ignoreNodeExists(error: unknown): void {
  if (!(error instanceof NodeExistsError)) throw error;
}

/**
 * Whether an error means our session and its ephemeral nodes are gone: the session expired, or the client was closed
 * (closing ends the session). A recipe cleaning up its ephemeral node treats these as "already cleaned up".
 */
export function isSessionGone(error: unknown): boolean {
  return error instanceof SessionExpiredError || error instanceof ClientClosedError;
}
