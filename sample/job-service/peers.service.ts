import { Injectable, Logger } from '@nestjs/common';
import type { ServiceInstance, ServiceProvider } from '../../lib';
import { InjectServiceProvider } from '../../lib';
import { JobServiceConfig } from './job-service.config';
import { JOB_SERVICE } from './zookeeper-paths';

/** The other instances of the job service, found through service discovery (Curator x-discovery layout). */
@Injectable()
export class PeersService {
  private readonly logger = new Logger(PeersService.name);

  constructor(
    @InjectServiceProvider(JOB_SERVICE) private readonly instances: ServiceProvider,
    private readonly config: JobServiceConfig,
  ) {}

  /** Every registered instance of the job service, this one included. */
  all(): ServiceInstance[] {
    return this.instances.getAllInstances();
  }

  /**
   * Asks another instance, picked by the provider (round-robin), who it is: what a report reviewed by a peer would do.
   * Undefined when no other instance is registered; a peer that does not answer is noted down and the next one tried.
   */
  async askPeer(): Promise<string | undefined> {
    // Round-robin hands this instance out too, at most once in a row: two tries per instance reach every other one.
    for (let tries = 0; tries < 2 * this.all().length; tries++) {
      const peer = this.instances.getInstance();
      if (peer === undefined) return undefined;
      if (peer.id === this.config.instanceName) continue;
      try {
        const response = await fetch(`http://${peer.address}:${peer.port}/activity`);
        const { instance } = (await response.json()) as { instance: string };
        return instance;
      } catch (error) {
        this.logger.warn(`peer ${peer.id} did not answer: ${String(error)}`);
        this.instances.noteError(peer);
      }
    }
    return undefined;
  }
}
