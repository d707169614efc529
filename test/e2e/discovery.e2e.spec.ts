import { Controller, Get, Injectable, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { tracingChannel } from 'node:diagnostics_channel';
import type { AddressInfo } from 'node:net';
import { diagnosticsChannels, ZooKeeperClient, type RequestTraceContext } from '../../lib/client';
import type { ServiceProvider } from '../../lib/discovery';
import {
  InjectServiceProvider,
  ZookeeperDiscoveryModule,
  ZookeeperDiscoveryService,
  ZookeeperModule,
} from '../../lib/nest';
import { waitFor } from '../support/wait-for';
import { sharedConnectString, uniquePath } from '../support/zk';

jest.setTimeout(60_000);

@Injectable()
class BillingCaller {
  constructor(@InjectServiceProvider('billing') readonly billing: ServiceProvider) {}
}

@Controller('ping')
class PingController {
  @Get()
  ping(): string {
    return 'pong';
  }
}

describe('ZookeeperDiscoveryModule', () => {
  const basePath = uniquePath('services');
  let reports: INestApplication | undefined;
  let billing: TestingModule | undefined;
  let healthy = true;

  afterAll(async () => {
    await reports?.close();
    await billing?.close();
  });

  it('registers an app once it listens, provides the instances of another service, and follows its health', async () => {
    // "reports": an HTTP application that discovers billing.
    const reportsModule = await Test.createTestingModule({
      imports: [
        ZookeeperModule.forRoot({ connectString: sharedConnectString() }),
        ZookeeperDiscoveryModule.forRoot({
          basePath,
          register: { name: 'reports', payload: { zone: 'a' } },
          discover: ['billing'],
        }),
      ],
      controllers: [PingController],
      providers: [BillingCaller],
    }).compile();
    reports = reportsModule.createNestApplication({ logger: false });
    await reports.listen(0, '127.0.0.1');
    const port = (reports.getHttpServer().address() as AddressInfo).port;
    const registered = await waitFor('reports to register', () => reports?.get(ZookeeperDiscoveryService).instance);
    expect(registered).toMatchObject({ name: 'reports', port, payload: { zone: 'a' } });

    // "billing": no HTTP server, a fixed port and a health check.
    billing = await Test.createTestingModule({
      imports: [
        ZookeeperModule.forRoot({ connectString: sharedConnectString() }),
        ZookeeperDiscoveryModule.forRoot({
          basePath,
          register: { name: 'billing', port: 9000, address: '10.0.0.9' },
          healthCheck: () => healthy,
          healthCheckIntervalMs: 50,
        }),
      ],
    }).compile();
    await billing.init();

    const provider = reports.get(BillingCaller).billing;
    const found = await waitFor('billing to be discovered', () => provider.getInstance());
    expect(found).toMatchObject({ name: 'billing', address: '10.0.0.9', port: 9000 });
    // Both services are in the registry, as Curator lays it out.
    const observer = reports.get(ZooKeeperClient);
    expect((await observer.getChildren(basePath)).sort()).toEqual(['billing', 'reports']);

    healthy = false;
    await waitFor('unhealthy billing to leave', () => provider.getInstance() === undefined);
    healthy = true;
    await waitFor('healthy billing to come back', () => provider.getInstance());

    // At shutdown billing deletes its instance itself, before its session ends.
    const billingClient = billing.get(ZooKeeperClient);
    const instanceId = billing.get(ZookeeperDiscoveryService).instance?.id;
    const deletes: string[] = [];
    const requests = tracingChannel<RequestTraceContext, RequestTraceContext>(diagnosticsChannels.request);
    const onStart = (message: unknown): void => {
      const context = message as RequestTraceContext;
      if (context.client === billingClient && context.op === 'delete') deletes.push(context.path ?? '');
    };
    requests.start.subscribe(onStart);
    await billing.close();
    billing = undefined;
    requests.start.unsubscribe(onStart);
    expect(deletes).toContain(`${basePath}/billing/${instanceId}`);
    await waitFor('billing to leave the provider', () => provider.getInstance() === undefined);

    const reportsPath = `${basePath}/reports/${registered.id}`;
    await reports.close();
    reports = undefined;
    expect(billingClient.state).toBe('LOST');
    const checker = new ZooKeeperClient({ connectString: sharedConnectString() });
    await checker.connect();
    expect(await checker.exists(reportsPath)).toBeNull();
    await checker.close();
  });
});
