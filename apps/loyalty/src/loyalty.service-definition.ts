import { ServiceDefinition } from '@app/platform';
import { LoyaltyAppModule } from './loyalty-app.module';
import { LoyaltyConfig } from './loyalty.config';

export const loyaltyService: ServiceDefinition<LoyaltyConfig> = {
  name: 'loyalty',
  description: 'Loyalty points for audited orders (order total × tier multiplier), run by a Dapr cron binding; balances in the Dapr state store under a Dapr lock.',
  configClass: LoyaltyConfig,
  module: (config) => LoyaltyAppModule.forRoot(config),
};
