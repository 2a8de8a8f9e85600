import { LoyaltyPointsChanged, Topic } from '@app/contracts';
import { DaprClient } from '@app/dapr';
import { Injectable } from '@nestjs/common';
import { PUBSUB, STATE_STORE, StateKey } from './loyalty-state';

/**
 * Publishes LoyaltyPointsChanged through Dapr pub/sub as a plain JSON envelope keyed by customer id
 * (rawPayload: Kafka consumers see what every other topic carries). The events are first written with
 * the account (its `pending`); a marker records the last version published, so an event whose publish
 * was lost (crash between the write and the publish) goes out before the customer's next award.
 */
@Injectable()
export class LoyaltyEventsPublisher {
  constructor(private readonly dapr: DaprClient) {}

  async publishUnconfirmed(customerId: string, pending: readonly LoyaltyPointsChanged[]): Promise<void> {
    if (pending.length === 0) return;
    const through = (await this.dapr.getState<number>(STATE_STORE, StateKey.published(customerId)))?.value ?? 0;
    await this.publish(customerId, pending.filter((e) => e.aggregateVersion > through));
  }

  async publish(customerId: string, events: readonly LoyaltyPointsChanged[]): Promise<void> {
    for (const event of events) {
      await this.dapr.publish(PUBSUB, Topic.LoyaltyPoints, event, { rawPayload: 'true', partitionKey: customerId });
    }
    const last = events.at(-1);
    if (last) await this.dapr.saveState(STATE_STORE, [{ key: StateKey.published(customerId), value: last.aggregateVersion }]);
  }
}
