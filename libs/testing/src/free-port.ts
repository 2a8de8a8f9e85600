export { freePort } from '@app/platform/net/free-port';
