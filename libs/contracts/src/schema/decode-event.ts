import { EVENT_REGISTRY, KnownEvent, envelopeCheck, isKnownEventType } from './event-registry';

export type DecodeFailureCode = 'BAD_JSON' | 'OVERSIZED' | 'INVALID_ENVELOPE' | 'UNKNOWN_TYPE' | 'UNSUPPORTED_VERSION' | 'INVALID_SCHEMA';

/**
 * No event the services publish comes near this: each comes from a request of at most 256 KiB. A bigger
 * record is refused before it is parsed.
 */
export const MAX_EVENT_BYTES = 512 * 1024;

export type DecodeResult =
  | { ok: true; event: KnownEvent }
  | { ok: false; code: DecodeFailureCode; reason: string };

const fail = (code: DecodeFailureCode, reason: string): DecodeResult => ({ ok: false, code, reason });

/**
 * Parses a Kafka record value into a current-version event: validates the envelope, upcasts older
 * schema versions step by step, then validates the payload. Never throws.
 */
export function decodeEvent(value: Buffer | string | null): DecodeResult {
  if (value === null || value.length === 0) return fail('BAD_JSON', 'empty record value');
  const bytes = typeof value === 'string' ? Buffer.byteLength(value) : value.length;
  if (bytes > MAX_EVENT_BYTES) return fail('OVERSIZED', `record value of ${bytes} bytes is over the ${MAX_EVENT_BYTES}-byte limit`);
  let raw: unknown;
  try {
    raw = JSON.parse(value.toString());
  } catch (error) {
    return fail('BAD_JSON', `value is not JSON: ${(error as Error).message}`);
  }
  if (!envelopeCheck.Check(raw)) {
    const first = envelopeCheck.Errors(raw).First();
    return fail('INVALID_ENVELOPE', first ? `${first.path || '/'} ${first.message}` : 'invalid envelope');
  }
  if (!isKnownEventType(raw.type)) return fail('UNKNOWN_TYPE', `unknown event type ${raw.type}`);
  const definition = EVENT_REGISTRY[raw.type];
  if (raw.schemaVersion > definition.currentVersion) {
    return fail('UNSUPPORTED_VERSION', `${raw.type} v${raw.schemaVersion} is newer than v${definition.currentVersion}`);
  }
  let payload = raw.payload;
  for (let version = raw.schemaVersion; version < definition.currentVersion; version++) {
    const upcast = definition.upcasters[version];
    if (!upcast) return fail('UNSUPPORTED_VERSION', `no upcaster for ${raw.type} v${version}`);
    try {
      payload = upcast(payload);
    } catch (error) {
      return fail('INVALID_SCHEMA', `upcasting ${raw.type} v${version} failed: ${(error as Error).message}`);
    }
  }
  if (!definition.check.Check(payload)) {
    const first = definition.check.Errors(payload).First();
    return fail('INVALID_SCHEMA', first ? `payload${first.path} ${first.message}` : 'invalid payload');
  }
  return { ok: true, event: { ...raw, schemaVersion: definition.currentVersion, payload } as KnownEvent };
}
