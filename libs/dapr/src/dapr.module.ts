import { ReadinessCheck } from '@app/platform';
import { Global, Injectable, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { DaprClient } from './dapr.client';
import { DaprAppChannelController } from './dapr-app-channel.controller';
import { DaprServiceConfig } from './dapr.config';
import { DaprUnavailableInterceptor } from './dapr-unavailable.interceptor';

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

/** The service's client of its own sidecar; over HTTP a sidecar outage answers 503 DAPR.UNAVAILABLE. */
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
    { provide: APP_INTERCEPTOR, useClass: DaprUnavailableInterceptor },
  ],
  exports: [DaprClient, DaprReadiness],
})
export class DaprModule {}
