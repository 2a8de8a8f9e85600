import { AggregateIdParam, ApiParamExample, ApiProblems, SEEDED, STORE_UNAVAILABLE, VALIDATION_PROBLEMS } from '@app/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { EventIndexRepository } from '../../database/event-index.repository';
import { ReadStreamQueryDto } from './read-stream.query.dto';

class IndexedEventDto {
  @ApiProperty({ example: '5c0e8f4a-2d7b-4e19-9f3a-6b1c2d3e4f50' }) eventId: string;
  @ApiProperty({ example: 'product' }) stream: string;
  @ApiProperty({ example: SEEDED.productId }) aggregateId: string;
  @ApiProperty({ example: 1 }) aggregateVersion: number;
  @ApiProperty({ example: 'ProductChanged' }) type: string;
  @ApiProperty({ example: 1 }) schemaVersion: number;
  @ApiProperty({ example: '2026-11-30T09:00:00.000Z' }) occurredAt: string;
  @ApiProperty({ example: 'b2f1c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d' }) correlationId: string;
  @ApiProperty({ required: false }) causationId?: string;
  @ApiProperty({ example: 'catalog.product.events' }) topic: string;
  @ApiProperty({ example: 0 }) partition: number;
  @ApiProperty({ example: '0' }) offset: string;
  @ApiProperty({ type: Object }) payload: unknown;
}

class StreamDto {
  @ApiProperty({ example: SEEDED.productId }) aggregateId: string;
  @ApiProperty({ type: [IndexedEventDto] }) events: IndexedEventDto[];
}

@ApiTags('streams')
@Controller('streams')
export class ReadStreamHttpController {
  constructor(private readonly index: EventIndexRepository) {}

  @Get(':id/events')
  @ApiParamExample(SEEDED.productId)
  @ApiOperation({ operationId: 'readStream', summary: "One aggregate's events in version order (per stream), from the event index; an unknown id has none" })
  @ApiOkResponse({ type: StreamDto })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 503: [STORE_UNAVAILABLE] })
  async read(@Param() { id }: AggregateIdParam, @Query() query: ReadStreamQueryDto): Promise<StreamDto> {
    return { aggregateId: id, events: await this.index.read(id, query) };
  }
}
