import { DaprModule, DaprReadiness } from '@app/dapr';
import { ServiceModule } from '@app/service';
import { DynamicModule, Module } from '@nestjs/common';
import { LoyaltyConfig } from './loyalty.config';
import { LoyaltyModule } from './loyalty/loyalty.module';

@Module({})
export class LoyaltyAppModule {
  static forRoot(config: LoyaltyConfig): DynamicModule {
    if (config.LOYALTY_WORKER_INDEX >= config.LOYALTY_WORKERS) {
      throw new Error(`LOYALTY_WORKER_INDEX (${config.LOYALTY_WORKER_INDEX}) must be below LOYALTY_WORKERS (${config.LOYALTY_WORKERS})`);
    }
    return {
      module: LoyaltyAppModule,
      imports: [
        ServiceModule.forRoot({ clientId: 'loyalty', configClass: LoyaltyConfig, config, mongo: false, kafka: false, extraChecks: [DaprReadiness] }),
        DaprModule,
        LoyaltyModule,
      ],
    };
  }
}
