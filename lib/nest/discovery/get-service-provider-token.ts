/**
 * The injection token of the `ServiceProvider` of service `name` (listed in `ZookeeperDiscoveryModule`'s `discover`).
 *
 * @publicApi
 */
export function getServiceProviderToken(name: string): string {
  return `ZookeeperServiceProvider_${name}`;
}
