import { Topic } from '@app/contracts';
import { kafkaTransport } from '@app/kafka';
import { ServiceDefinition } from '@app/platform';
import { OrdersAppModule } from './orders-app.module';
import { OrdersConfig } from './orders.config';
import { ReplicaSwitcher } from './replica/replica-switcher';

export const ordersService: ServiceDefinition<OrdersConfig> = {
  name: 'orders',
  description: 'Orders, with a local replica of customers built from accounts.customer.change. Publishes OrderChanged.',
  configClass: OrdersConfig,
  module: (config) => OrdersAppModule.forRoot(config),
  transport: async (app) => {
    const switcher = app.get(ReplicaSwitcher);
    const server = await kafkaTransport(app, { groupId: switcher.groupId(), deadLetterTopic: Topic.OrdersDeadLetter });
    switcher.attach(server);
    return server;
  },
};
