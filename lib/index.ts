export * from './client';
export * from './nest';

// Configuration for @nestjs/config: the zookeeperConfig() loader, @OnConfigChange() and ZookeeperConfigModule.
export * from './nest/config';
