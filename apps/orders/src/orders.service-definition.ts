import { Topic } from '@app/contracts';
import { kafkaTransport } from '@app/kafka';
import { ServiceDefinition } from '@app/platform';
import { OrdersAppModule } from './orders-app.module';
import { OrdersConfig } from './orders.config';

export const ordersService: ServiceDefinition<OrdersConfig> = {
  name: 'orders',
  description: 'Orders, with a local replica of customers built from accounts.customer.change. Publishes OrderChanged.',
  configClass: OrdersConfig,
  module: (config) => OrdersAppModule.forRoot(config),
  transport: (app, config) => kafkaTransport(app, { groupId: config.KAFKA_GROUP_ID, deadLetterTopic: Topic.OrdersDeadLetter }),
};
