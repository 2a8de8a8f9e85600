/** What daprd POSTs to a subscription route: a CloudEvent; raw-payload topics carry the record in data_base64. */
export interface DaprDelivery {
  id?: string;
  topic?: string;
  data?: unknown;
  data_base64?: string;
}

/** Dapr's answer to a delivery: SUCCESS acknowledges, RETRY redelivers (resiliency policy), DROP dead-letters. */
export type DeliveryStatus = 'SUCCESS' | 'RETRY' | 'DROP';

/** The record's bytes as the producer wrote them. */
export function deliveredRecord(delivery: DaprDelivery): string {
  if (typeof delivery.data_base64 === 'string') return Buffer.from(delivery.data_base64, 'base64').toString('utf8');
  if (typeof delivery.data === 'string') return delivery.data;
  return JSON.stringify(delivery.data ?? null);
}
