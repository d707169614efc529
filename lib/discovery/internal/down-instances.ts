/**
 * The instances reported down (Curator's `DownInstanceManager`): each id's error count since its first error, which
 * is forgotten `timeoutMs` after that first error.
 */
export class DownInstances {
  private readonly errors = new Map<string, { since: number; count: number }>();

  constructor(
    private readonly timeoutMs: number,
    private readonly errorThreshold: number,
  ) {}

  /** Counts one error of instance `id`. */
  noteError(id: string): void {
    this.purge();
    const status = this.errors.get(id);
    if (status === undefined) this.errors.set(id, { since: Date.now(), count: 1 });
    else status.count++;
  }

  /** Whether instance `id` has reached the error threshold within the timeout. */
  isDown(id: string): boolean {
    this.purge();
    return (this.errors.get(id)?.count ?? 0) >= this.errorThreshold;
  }

  private purge(): void {
    const now = Date.now();
    for (const [id, status] of this.errors) if (now - status.since >= this.timeoutMs) this.errors.delete(id);
  }
}
