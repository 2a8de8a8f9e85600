import { ReadinessCheck } from '@app/platform';
import { Global, Injectable, Module } from '@nestjs/common';
import { DaprClient } from './dapr.client';
import { DaprAppChannelController } from './dapr-app-channel.controller';
import { DaprServiceConfig } from './dapr.config';

/** /health reports the sidecar: its API answers and its components are initialised. */
@Injectable()
export class DaprReadiness implements ReadinessCheck {
  readonly key = 'dapr';
  constructor(private readonly dapr: DaprClient) {}
  async probe(): Promise<Record<string, unknown>> {
    if (!(await this.dapr.outboundHealthy())) throw new Error('the Dapr sidecar is not ready');
    return {};
  }
}

/** The service's client of its own sidecar. */
@Global()
@Module({
  controllers: [DaprAppChannelController],
  providers: [
    {
      provide: DaprClient,
      inject: [DaprServiceConfig],
      useFactory: (config: DaprServiceConfig) => new DaprClient(`http://${config.DAPR_HOST}:${config.DAPR_HTTP_PORT}`),
    },
    DaprReadiness,
  ],
  exports: [DaprClient, DaprReadiness],
})
export class DaprModule {}
