import { Injectable } from '@nestjs/common';
import { EVENT_INDEX_COLLECTION } from '../../history/database/event-index.repository';
import { eventsOfSlices, SliceDocument } from '../../history/domain/event-slices';
import { ViewGenerations } from '../../views/view-generations';

/**
 * The customer names orders were placed under, from their first event in the event index. One query
 * for many orders (their order streams' slices): on FerretDB a filter on other fields than _id scans.
 */
@Injectable()
export class OrderCustomerNamesQuery {
  constructor(private readonly generations: ViewGenerations) {}

  async execute(orderIds: readonly string[]): Promise<Map<string, string>> {
    const slices = await this.generations
      .collection<SliceDocument>('history', EVENT_INDEX_COLLECTION)
      .find({ aggregateId: { $in: [...orderIds] }, stream: 'order' })
      .toArray();
    const names = new Map<string, string>();
    for (const event of eventsOfSlices(slices)) {
      const name = event.aggregateVersion === 1 ? (event.payload as { order?: { customerName?: unknown } } | undefined)?.order?.customerName : undefined;
      if (typeof name === 'string') names.set(event.aggregateId, name);
    }
    return names;
  }
}
