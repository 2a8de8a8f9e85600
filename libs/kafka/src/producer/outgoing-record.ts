/** A record ready for Kafka: the key is the aggregate id, the value the serialized envelope. */
export interface OutgoingRecord {
  topic: string;
  key: string;
  value: string;
  headers?: Record<string, string>;
}
