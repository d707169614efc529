import { Inject } from '@nestjs/common';
import { getServiceProviderToken } from './get-service-provider-token';

/**
 * Injects the `ServiceProvider` of service `name`, which `ZookeeperDiscoveryModule` keeps current; `getInstance()`
 * returns an instance of the service now (round-robin), `noteError()` marks one down.
 *
 * @example
 * constructor(\@InjectServiceProvider('billing') private readonly billing: ServiceProvider) {}
 *
 * @publicApi
 */
export function InjectServiceProvider(name: string): PropertyDecorator & ParameterDecorator {
  return Inject(getServiceProviderToken(name));
}
