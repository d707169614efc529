import { ZkError } from './internal/lower-floors';

/** A node under the base path does not hold a service instance the serializer can read (not Curator's JSON). */
export class ServiceInstanceFormatError extends ZkError {
  constructor(
    /** What is wrong with the data. */
    readonly detail: string,
    /** The node that holds it, when known. */
    readonly path?: string,
    /** What the parser threw, when it threw. */
    options: { cause?: unknown } = {},
  ) {
    super(
      path === undefined ? `Not a service instance: ${detail}` : `${path} is not a service instance: ${detail}`,
      options,
    );
  }
}
