export * from './zookeeper-discovery-options.interface';
export * from './zookeeper-discovery.module';
export * from './zookeeper-discovery.service';
export * from './get-service-provider-token';
export * from './inject-service-provider.decorator';
export { ZOOKEEPER_SERVICE_DISCOVERY } from './zookeeper-discovery.constants';
