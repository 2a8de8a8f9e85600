import { ServiceDefinition } from '@app/platform';
import { StreamProcessorAppModule } from './stream-processor-app.module';
import { StreamProcessorConfig } from './stream-processor.config';

export const streamProcessorService: ServiceDefinition<StreamProcessorConfig> = {
  name: 'stream-processor',
  description:
    'Views joined from every service\'s events: the catalogue, alerts (stock, delayed Gold orders, at-risk orders) and the event index; publishes stock alert business events; live dashboard at /dashboard.',
  configClass: StreamProcessorConfig,
  module: (config) => StreamProcessorAppModule.forRoot(config),
};
