import { DaprClient } from '@app/dapr';
import { Injectable } from '@nestjs/common';
import { STATE_STORE, StateKey } from './loyalty-state';

const BATCH = 500;

/**
 * A marker per order once it is counted, so a run skips it without reading its customer's account. The
 * account's own list of counted orders decides; the marker is written after it and is only a shortcut.
 */
@Injectable()
export class ProcessedOrderRepository {
  constructor(private readonly dapr: DaprClient) {}

  async unprocessed(orderIds: readonly string[]): Promise<string[]> {
    const left: string[] = [];
    for (let i = 0; i < orderIds.length; i += BATCH) {
      const batch = orderIds.slice(i, i + BATCH);
      const found = await this.dapr.getBulkState<{ at: string }>(STATE_STORE, batch.map(StateKey.processed));
      left.push(...batch.filter((id) => !found.has(StateKey.processed(id))));
    }
    return left;
  }

  mark(orderId: string, at: Date): Promise<void> {
    return this.dapr.saveState(STATE_STORE, [{ key: StateKey.processed(orderId), value: { at: at.toISOString() } }]);
  }
}
