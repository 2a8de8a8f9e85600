import { Topic } from '@app/contracts';
import { kafkaTransport } from '@app/kafka';
import { ServiceDefinition } from '@app/platform';
import { CatalogAppModule } from './catalog-app.module';
import { CatalogConfig } from './catalog.config';

export const catalogService: ServiceDefinition<CatalogConfig> = {
  name: 'catalog',
  description: 'Products, stock and reviews. Publishes ProductChanged and ReviewAdded; takes shipped orders out of stock.',
  configClass: CatalogConfig,
  module: (config) => CatalogAppModule.forRoot(config),
  transport: (app, config) => kafkaTransport(app, { groupId: config.KAFKA_GROUP_ID, deadLetterTopic: Topic.CatalogDeadLetter }),
};
