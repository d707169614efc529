import { EventEmitter } from 'node:events';
import { ServiceInstanceFormatError } from './errors';
import type { ZooKeeperClient } from './internal/lower-floors';
import type { InstanceSerializer } from './instance-serializer';
import { buildServiceInstance, changeServiceInstance, checkPayloadClass } from './internal/build-service-instance';
import { closeChildren } from './internal/child-closers';
import { ensureContainers } from './internal/ensure-containers';
import {
  ClientClosedError,
  ConnectionState,
  CreateMode,
  InvalidArgumentError,
  NoNodeError,
  NodeExistsError,
  SerialQueue,
  SessionExpiredError,
  ZkUsageError,
  checkRecipeOptions,
  joinPath,
  onStateChange,
  validateRecipePath,
} from './internal/lower-floors';
import { checkNodeName } from './internal/node-name';
import { JsonInstanceSerializer } from './json-instance-serializer';
import type { ServiceInstance } from './service-instance';
import type { ServiceInstanceChanges, ServiceInstanceInit } from './service-instance-init';
import { isDynamicServiceType } from './service-type';
import type { ServiceType } from './service-type';

/** Options of {@link ServiceDiscovery}. */
export interface ServiceDiscoveryOptions<T = unknown> {
  /** The node under which each service has its node, and each instance a node under that (Curator's `basePath`). */
  basePath: string;
  /** How instances are written and read; Curator's JSON ({@link JsonInstanceSerializer}) by default. */
  serializer?: InstanceSerializer<T>;
  /**
   * The Java class to name in the payload of the instances this discovery registers (see
   * `ServiceInstanceInit.payloadClass`); none by default, which Java reads as a map.
   */
  payloadClass?: string;
}

/** The events of a {@link ServiceDiscovery}, with their arguments. */
export interface ServiceDiscoveryEvents<T = unknown> {
  /** The node of one of our instances was created: by `register()`, or again on a new session; `path` is the node. */
  registered: [instance: ServiceInstance<T>, path: string];
  /** Re-registering after a reconnection failed (it is tried again on the next one); only emitted when listened to. */
  error: [error: unknown];
}

interface Registration<T> {
  instance: ServiceInstance<T>;
  /** The node as created (with its sequence number for DYNAMIC_SEQUENTIAL); undefined until it was. */
  path: string | undefined;
}

function createModeOf(type: ServiceType): CreateMode {
  if (type === 'DYNAMIC') return CreateMode.EPHEMERAL;
  if (type === 'DYNAMIC_SEQUENTIAL') return CreateMode.EPHEMERAL_SEQUENTIAL;
  return CreateMode.PERSISTENT;
}

/**
 * Curator's x-discovery `ServiceDiscovery` on this client: registers this process's instances of services as nodes
 * `<basePath>/<name>/<id>` holding Curator's JSON (ephemeral for `'DYNAMIC'` instances, so they go when the process
 * or its session does), and queries the instances others registered, Curator's among them.
 *
 * After a reconnection it checks its nodes and creates again any that are gone (as Curator's connection-state
 * listener does): after a session loss, once the application has connected the client again, its instances are
 * back. `close()` deletes them, and closes the caches and providers made on it.
 *
 * Events: see {@link ServiceDiscoveryEvents}.
 *
 * @example
 * const discovery = new ServiceDiscovery<{ region: string }>(client, { basePath: '/services' });
 * const me = await discovery.register({ name: 'orders', port: 8080, payload: { region: 'eu' } });
 * const all = await discovery.queryForInstances('orders');
 * await discovery.close();
 */
export class ServiceDiscovery<T = unknown> extends EventEmitter<ServiceDiscoveryEvents<T>> {
  /** The client the instances are registered and read with. */
  readonly client: ZooKeeperClient;
  /** The node under which each service has its node. */
  readonly basePath: string;
  /** How instances are written and read. */
  readonly serializer: InstanceSerializer<T>;
  private readonly payloadClass: string | null;
  private readonly registrations = new Map<string, Registration<T>>();
  private readonly writes = new SerialQueue();
  private stopListening: (() => void) | undefined;
  private closed = false;

  constructor(client: ZooKeeperClient, options: ServiceDiscoveryOptions<T>) {
    super();
    checkRecipeOptions(options);
    this.client = client;
    this.basePath = validateRecipePath(options.basePath, 'basePath');
    const serializer = options.serializer ?? new JsonInstanceSerializer<T>();
    if (typeof serializer?.serialize !== 'function' || typeof serializer.deserialize !== 'function') {
      throw new InvalidArgumentError('serializer', 'expected an object with serialize() and deserialize()');
    }
    this.serializer = serializer;
    this.payloadClass = checkPayloadClass(options.payloadClass);
  }

  /** The node of service `name`: `<basePath>/<name>`. */
  pathForName(name: string): string {
    return joinPath(this.basePath, checkNodeName(name, 'name'));
  }

  /** The node of instance `id` of service `name`: `<basePath>/<name>/<id>`. */
  pathForInstance(name: string, id: string): string {
    return joinPath(this.pathForName(name), checkNodeName(id, 'id'));
  }

  /**
   * Registers an instance (Curator's `registerService`): fills in the defaults, writes its node (creating the
   * service's and the base path's nodes as containers when missing) and resolves to the instance as written. A node
   * already at the instance's path (left by an earlier process with the same id) is replaced. Rejects with
   * InvalidArgumentError for a bad field or an id this discovery already registered (use {@link update}).
   */
  async register(init: ServiceInstanceInit<T>): Promise<ServiceInstance<T>> {
    this.checkOpen();
    const instance = buildServiceInstance(init, this.payloadClass);
    if (this.registrations.has(instance.id)) {
      throw new InvalidArgumentError('id', `"${instance.id}" is already registered here: update() changes it`);
    }
    const data = this.serializer.serialize(instance);
    const registration: Registration<T> = { instance, path: undefined };
    this.registrations.set(instance.id, registration);
    this.stopListening ??= onStateChange(this.client, (state, previous) => this.onState(state, previous));
    try {
      await this.writes.run(async () => {
        this.checkOpen();
        await this.createNode(registration, data);
      });
    } catch (error) {
      if (this.registrations.get(instance.id) === registration) this.registrations.delete(instance.id);
      throw error;
    }
    return instance;
  }

  /**
   * Changes one of our registered instances (Curator's `updateService`) and writes its node; resolves to the new
   * instance. Rejects with InvalidArgumentError when `id` is not registered here or a change is not allowed.
   */
  async update(id: string, changes: ServiceInstanceChanges<T>): Promise<ServiceInstance<T>> {
    this.checkOpen();
    const registration = this.registrations.get(checkNodeName(id, 'id'));
    if (registration === undefined) {
      throw new InvalidArgumentError('id', `"${id}" is not registered by this ServiceDiscovery`);
    }
    const instance = changeServiceInstance(registration.instance, changes);
    const data = this.serializer.serialize(instance);
    registration.instance = instance;
    await this.writes.run(async () => {
      if (this.registrations.get(id) !== registration) return;
      const path = registration.path;
      try {
        if (path === undefined) throw new NoNodeError();
        await this.client.retry(() => this.client.setData(path, data));
      } catch (error) {
        // Gone with a session that ended: written again now rather than at the next reconnection.
        if (!(error instanceof NoNodeError)) throw error;
        await this.createNode(registration, data);
      }
    });
    return instance;
  }

  /**
   * Deletes the node of one of our instances and forgets it (Curator's `unregisterService`); resolves `false` when
   * `id` was not registered here.
   */
  async unregister(id: string): Promise<boolean> {
    const registration = this.registrations.get(checkNodeName(id, 'id'));
    if (registration === undefined) return false;
    this.registrations.delete(id);
    await this.writes.run(() => this.deleteNode(registration));
    return true;
  }

  /** The instances this discovery has registered and not unregistered, as last written. */
  registeredInstances(): ServiceInstance<T>[] {
    return [...this.registrations.values()].map((registration) => registration.instance);
  }

  /** The names of all services under the base path, sorted; none when the base path does not exist. */
  async queryForNames(): Promise<string[]> {
    return (await this.childrenOf(this.basePath)).sort();
  }

  /**
   * Every instance of service `name` as stored now, by node name; none when the service has no node. Rejects with
   * ServiceInstanceFormatError when a node does not hold an instance the serializer can read.
   */
  async queryForInstances(name: string): Promise<ServiceInstance<T>[]> {
    const servicePath = this.pathForName(name);
    const ids = (await this.childrenOf(servicePath)).sort();
    const instances = await Promise.all(ids.map((id) => this.readInstance(joinPath(servicePath, id))));
    return instances.filter((instance): instance is ServiceInstance<T> => instance !== null);
  }

  /**
   * Instance `id` of service `name`, or `null` when there is no such node. (A `'DYNAMIC_SEQUENTIAL'` instance's node
   * carries a sequence number after the id: {@link queryForInstances} finds it.)
   */
  async queryForInstance(name: string, id: string): Promise<ServiceInstance<T> | null> {
    return this.readInstance(this.pathForInstance(name, id));
  }

  /**
   * Reads an instance node with the serializer (for the caches); wraps a failure in ServiceInstanceFormatError naming
   * the node.
   */
  deserializeNode(path: string, data: Buffer): ServiceInstance<T> {
    try {
      return this.serializer.deserialize(data);
    } catch (error) {
      if (error instanceof ServiceInstanceFormatError && error.path !== undefined) throw error;
      const detail = error instanceof ServiceInstanceFormatError ? error.detail : String(error);
      throw new ServiceInstanceFormatError(detail, path, { cause: error });
    }
  }

  /**
   * Closes the caches and providers made on this discovery, stops following the connection and deletes the nodes of
   * our instances (Curator's `close()`, which deletes them whatever their type). A dynamic instance whose session is
   * already gone needs no deletion; any other failure to delete is thrown once every deletion was tried.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await closeChildren(this);
    this.stopListening?.();
    this.stopListening = undefined;
    await this.writes.idle();
    const registrations = [...this.registrations.values()];
    this.registrations.clear();
    const failures: unknown[] = [];
    await Promise.all(
      registrations.map((registration) =>
        this.deleteNode(registration).catch((error: unknown) => {
          const gone = error instanceof SessionExpiredError || error instanceof ClientClosedError;
          if (!(gone && isDynamicServiceType(registration.instance.serviceType))) failures.push(error);
        }),
      ),
    );
    if (failures.length > 0) throw failures[0];
  }

  private checkOpen(): void {
    if (this.closed) throw new ZkUsageError(`ServiceDiscovery ${this.basePath} is closed`);
  }

  private async childrenOf(path: string): Promise<string[]> {
    try {
      return await this.client.retry(() => this.client.getChildren(path));
    } catch (error) {
      if (error instanceof NoNodeError) return [];
      throw error;
    }
  }

  private async readInstance(path: string): Promise<ServiceInstance<T> | null> {
    let data: Buffer;
    try {
      ({ data } = await this.client.retry(() => this.client.getData(path)));
    } catch (error) {
      if (error instanceof NoNodeError) return null;
      throw error;
    }
    return this.deserializeNode(path, data);
  }

  /**
   * Creates the registration's node, with its parents when missing. A node in the way is deleted first, as Curator
   * does, so that watchers see the instance come again.
   */
  private async createNode(registration: Registration<T>, data: Buffer): Promise<void> {
    const { instance } = registration;
    const path = this.pathForInstance(instance.name, instance.id);
    const mode = createModeOf(instance.serviceType);
    for (let attempt = 1; ; attempt++) {
      try {
        registration.path = await this.client.retry(() => this.client.create(path, data, { mode }));
        this.emit('registered', instance, registration.path);
        return;
      } catch (error) {
        // A parent missing (or reaped, being an empty container) or a node in the way: a few rounds settle either.
        if (attempt >= 5) throw error;
        if (error instanceof NoNodeError) await ensureContainers(this.client, this.pathForName(instance.name));
        else if (error instanceof NodeExistsError) await this.deleteIfThere(path);
        else throw error;
      }
    }
  }

  private async deleteNode(registration: Registration<T>): Promise<void> {
    if (registration.path !== undefined) await this.deleteIfThere(registration.path);
  }

  private async deleteIfThere(path: string): Promise<void> {
    try {
      await this.client.retry(() => this.client.delete(path));
    } catch (error) {
      if (!(error instanceof NoNodeError)) throw error;
    }
  }

  private onState(state: ConnectionState, previous: ConnectionState): void {
    // Read-only servers refuse writes: the check waits for a read-write connection.
    if (this.closed || state !== ConnectionState.CONNECTED || previous === ConnectionState.CONNECTED) return;
    this.writes
      .run(() => this.reRegister())
      .catch((error: unknown) => {
        if (this.listenerCount('error') > 0) this.emit('error', error);
      });
  }

  /**
   * After a reconnection: each of our nodes that is gone, or is not the one we wrote (another session's ephemeral,
   * other data), is created again.
   */
  private async reRegister(): Promise<void> {
    for (const registration of [...this.registrations.values()]) {
      if (this.closed || this.registrations.get(registration.instance.id) !== registration) continue;
      const data = this.serializer.serialize(registration.instance);
      if (await this.isIntact(registration, data)) continue;
      if (registration.instance.serviceType === 'DYNAMIC_SEQUENTIAL' && registration.path !== undefined) {
        // Its name has a sequence number: the new node gets another, so the old one (if still there) goes first.
        await this.deleteIfThere(registration.path);
        registration.path = undefined;
      }
      await this.createNode(registration, data);
    }
  }

  private async isIntact(registration: Registration<T>, data: Buffer): Promise<boolean> {
    const path = registration.path;
    if (path === undefined) return false;
    let node: { data: Buffer; stat: { ephemeralOwner: bigint } };
    try {
      node = await this.client.retry(() => this.client.getData(path));
    } catch (error) {
      if (error instanceof NoNodeError) return false;
      throw error;
    }
    const ours =
      !isDynamicServiceType(registration.instance.serviceType) || node.stat.ephemeralOwner === this.client.sessionId;
    return ours && node.data.equals(data);
  }
}
