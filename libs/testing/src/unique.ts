import { randomBytes } from 'node:crypto';

/** A name no other test (or earlier run) uses: for group ids, databases, aggregate ids. */
export const uniqueName = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
