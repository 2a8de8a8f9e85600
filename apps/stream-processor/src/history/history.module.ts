import { Module } from '@nestjs/common';
import { EventIndexRepository } from './database/event-index.repository';
import { EventIndexProjector } from './events/index-events/event-index.projector';
import { ReadStreamHttpController } from './queries/read-stream/read-stream.http.controller';

/** The event index and the read-stream API over it. */
@Module({
  controllers: [ReadStreamHttpController],
  providers: [EventIndexRepository, EventIndexProjector],
  exports: [EventIndexProjector],
})
export class HistoryModule {}
