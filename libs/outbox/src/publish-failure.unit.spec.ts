import { TransientError } from '@app/core';
import { decideOnFailure, describeFailure, PublishTimeoutError } from './publish-failure';

// The shapes KafkaJS throws (name, retriable, type, cause), built by hand: no broker in a unit test.
const kafkaError = (name: string, message: string, extra: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(message), { name, ...extra });
const tooLarge = kafkaError('KafkaJSProtocolError', 'The request included a message larger than the max message size the server will accept', { retriable: false, type: 'MESSAGE_TOO_LARGE' });
const refused = kafkaError('KafkaJSNonRetriableError', tooLarge.message, { retriable: false, cause: tooLarge });
const brokerDown = kafkaError('KafkaJSNumberOfRetriesExceeded', 'Connection error: connect ECONNREFUSED', {
  retriable: false,
  cause: kafkaError('KafkaJSConnectionError', 'Connection error: connect ECONNREFUSED', { retriable: true }),
});

describe('decideOnFailure', () => {
  it.each([
    ['the broker unreachable after the producer’s retries', brokerDown],
    ['a retriable protocol error', kafkaError('KafkaJSProtocolError', 'leader not available', { retriable: true, type: 'LEADER_NOT_AVAILABLE' })],
    ['the relay’s own timeout', new PublishTimeoutError(1000)],
    ['a declared transient error', new TransientError('later')],
  ])('given %s, then it is retried and nothing is set aside, whatever the request size', (_name, error) => {
    expect(decideOnFailure(error, 1)).toEqual({ action: 'retry' });
    expect(decideOnFailure(error, 300)).toEqual({ action: 'retry' });
  });

  it('given a refusal of a request with several records, then they are sent one by one to find the culprit', () => {
    expect(decideOnFailure(refused, 2)).toEqual({ action: 'isolate' });
  });

  it('given a refusal of a single record, then it is set aside with the broker’s reason', () => {
    expect(decideOnFailure(refused, 1)).toEqual({ action: 'set-aside', code: 'REFUSED', reason: expect.stringContaining('MESSAGE_TOO_LARGE') });
  });
});

describe('describeFailure', () => {
  it('given a wrapped protocol error, then the reason names the wrapper, the protocol type and the message', () => {
    expect(describeFailure(refused)).toBe(`KafkaJSNonRetriableError MESSAGE_TOO_LARGE: ${tooLarge.message}`);
  });

  it('given a very long message, then the reason is cut to 500 characters', () => {
    expect(describeFailure(new Error('x'.repeat(2000)))).toHaveLength(500);
  });
});
