/**
 * One of the two decorated methods a {@link ZookeeperElectionConflictError} names, and the value it gives the option.
 *
 * @publicApi
 */
export interface ElectionOptionSource {
  /** The class of the provider or controller. */
  readonly className: string;
  /** The decorated method. */
  readonly methodName: string;
  /** The option's value for this method, after defaults (an `id` left out is the module's `identity`). */
  readonly value: string;
  /** Whether `value` is the module's `identity` because the decorator gave no `id`. */
  readonly fromModuleIdentity: boolean;
}
