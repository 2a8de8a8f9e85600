/** Turns a payload of schema version N into version N + 1. */
export type Upcaster = (payload: unknown) => unknown;
