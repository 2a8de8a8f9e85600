import { AggregateIdParam, ApiProblems, STORE_UNAVAILABLE, VALIDATION_PROBLEMS } from '@app/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { EventIndexRepository } from '../../database/event-index.repository';
import { ReadStreamQueryDto } from './read-stream.query.dto';

class IndexedEventDto {
  @ApiProperty() eventId: string;
  @ApiProperty({ example: 'product' }) stream: string;
  @ApiProperty() aggregateId: string;
  @ApiProperty() aggregateVersion: number;
  @ApiProperty({ example: 'ProductChanged' }) type: string;
  @ApiProperty() schemaVersion: number;
  @ApiProperty() occurredAt: string;
  @ApiProperty() correlationId: string;
  @ApiProperty({ required: false }) causationId?: string;
  @ApiProperty() topic: string;
  @ApiProperty() partition: number;
  @ApiProperty() offset: string;
  @ApiProperty({ type: Object }) payload: unknown;
}

class StreamDto {
  @ApiProperty() aggregateId: string;
  @ApiProperty({ type: [IndexedEventDto] }) events: IndexedEventDto[];
}

@ApiTags('streams')
@Controller('streams')
export class ReadStreamHttpController {
  constructor(private readonly index: EventIndexRepository) {}

  @Get(':id/events')
  @ApiOperation({ summary: "One aggregate's events in version order (per stream), from the event index; an unknown id has none" })
  @ApiOkResponse({ type: StreamDto })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 503: [STORE_UNAVAILABLE] })
  async read(@Param() { id }: AggregateIdParam, @Query() query: ReadStreamQueryDto): Promise<StreamDto> {
    return { aggregateId: id, events: await this.index.read(id, query) };
  }
}
