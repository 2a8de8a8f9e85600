import { OrderSnapshot } from '@app/contracts';
import { OutboxFields } from '@app/outbox';

export const ORDERS_COLLECTION = 'orders';

export type OrderDocument = Omit<OrderSnapshot, 'orderId'> & OutboxFields & { _id: string; version: number };
