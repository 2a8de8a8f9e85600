import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiProblems, BODY_PARSER_PROBLEMS } from '@app/platform';

/** What daprd POSTs to a subscription route: a CloudEvent; raw-payload topics carry the record in data_base64. */
export interface DaprDelivery {
  id?: string;
  topic?: string;
  data?: unknown;
  data_base64?: string;
}

/** Dapr's answer to a delivery: SUCCESS acknowledges, RETRY redelivers (resiliency policy), DROP dead-letters. */
export type DeliveryStatus = 'SUCCESS' | 'RETRY' | 'DROP';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['SUCCESS', 'RETRY', 'DROP'];

/** The tag of every route daprd calls (subscriptions, bindings, the app channel): not for other clients. */
export const DAPR_API_TAG = 'dapr (called by the sidecar)';

/**
 * The record's bytes as the producer wrote them; '' when the body is no CloudEvent at all (no body, a
 * non-object), which then fails to decode and is dropped like any other undecodable record.
 */
export function deliveredRecord(delivery: unknown): string {
  if (typeof delivery !== 'object' || delivery === null || Array.isArray(delivery)) return '';
  const { data, data_base64 } = delivery as DaprDelivery;
  if (typeof data_base64 === 'string') return Buffer.from(data_base64, 'base64').toString('utf8');
  if (typeof data === 'string') return data;
  return JSON.stringify(data ?? null);
}

/**
 * Documents a subscription route (its controller carries DAPR_API_TAG). Its body is deliberately not validated: daprd treats any status but 200
 * and 404 as "retry", so a delivery that cannot be used is answered 200 DROP (dead-lettered), never 400.
 */
export function ApiDaprSubscription(summary: string): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary }),
    ApiBody({
      required: false,
      description:
        'A CloudEvent from daprd; rawPayload subscriptions carry the Kafka record in data_base64. Any other JSON object or array is ' +
        'dropped (the JSON parser takes objects and arrays only).',
      schema: { oneOf: [{ type: 'object' }, { type: 'array' }] },
    }),
    ApiOkResponse({
      description: 'SUCCESS: done; RETRY: redeliver later (resiliency policy); DROP: send to the dead-letter topic',
      schema: { type: 'object', required: ['status'], additionalProperties: false, properties: { status: { type: 'string', enum: [...DELIVERY_STATUSES] } } },
    }),
    ApiProblems({ 400: BODY_PARSER_PROBLEMS }),
  );
}
