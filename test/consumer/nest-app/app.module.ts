import { DynamicModule, Injectable, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ZookeeperDashboardModule, ZookeeperModule } from 'nestjs-zookeeper';
import type { ZookeeperModuleOptions } from 'nestjs-zookeeper';
import { HealthController } from './health.controller.js';
import { JobsService } from './jobs.service.js';

/** Where the options of the async client come from, as an application's config service would give them. */
@Injectable()
export class AuditConfig {
  static connectString = '';

  options(): ZookeeperModuleOptions {
    return { connectString: AuditConfig.connectString, sessionTimeoutMs: 10_000 };
  }
}

@Module({ providers: [AuditConfig], exports: [AuditConfig] })
export class AuditConfigModule {}

/** The application, for a server known only at run time: one client from forRoot, a named one from forRootAsync. */
@Module({})
export class AppModule {
  static forServer(connectString: string): DynamicModule {
    AuditConfig.connectString = connectString;
    return {
      module: AppModule,
      imports: [
        // Spans for the default client through the global tracer provider main.ts registered; none for 'audit'.
        ZookeeperModule.forRoot({ connectString, identity: 'consumer-app', openTelemetry: true }),
        ZookeeperModule.forRootAsync({
          name: 'audit',
          imports: [AuditConfigModule],
          inject: [AuditConfig],
          useFactory: (config: AuditConfig) => config.options(),
        }),
        TerminusModule,
        // The dashboard's page and files come from the installed package: nothing to build or copy.
        ZookeeperDashboardModule.forRoot({ path: 'ops/zookeeper' }),
      ],
      controllers: [HealthController],
      providers: [JobsService],
    };
  }
}
