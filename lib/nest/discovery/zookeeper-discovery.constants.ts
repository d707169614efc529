/** The injection token of the module's `ServiceDiscovery`. */
export const ZOOKEEPER_SERVICE_DISCOVERY = Symbol('ZOOKEEPER_SERVICE_DISCOVERY');
