import { ExecutionContext } from '@nestjs/common';

/** A Nest HTTP execution context for one request (method, headers, path) to one handler of a controller class. */
export function httpContext<C extends abstract new (...args: never[]) => unknown>(
  method: string,
  headers: Record<string, string>,
  controller: C,
  handler: string,
  path = '/',
): ExecutionContext {
  return {
    getType: () => 'http',
    getClass: () => controller,
    getHandler: () => (controller.prototype as Record<string, unknown>)[handler],
    switchToHttp: () => ({ getRequest: () => ({ method, headers, path }) }),
  } as unknown as ExecutionContext;
}

/** The `code` of the error `fn` throws (a guard's refusal), or undefined when it lets the request through. */
export function refusalCode(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}
