import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ProblemDetails, problem } from './problem-details';

/** Longest accepted request target (path and query string); longer gets 414. */
export const MAX_URL_LENGTH = 8 * 1024;
/** Largest JSON body; larger gets 413. */
export const MAX_BODY_BYTES = 256 * 1024;
/** Body media types the services parse: JSON, and Dapr's application/cloudevents+json. */
export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Sends a problem straight from a middleware (transport-level refusals, before routing). */
export function sendProblem(req: Request, res: Response, body: ProblemDetails): void {
  const instance = req.originalUrl.length <= 200 ? req.originalUrl : undefined;
  res.status(body.status).type('application/problem+json').send({ ...body, ...(instance ? { instance } : {}) });
}

const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

const decodable = (path: string): boolean => {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
};

/** Refuses, before any parsing, a request target over MAX_URL_LENGTH (414), a path the router could not decode (400) and a write body that is not JSON (415). */
export function requestLimits(req: Request, res: Response, next: NextFunction): void {
  if (req.originalUrl.length > MAX_URL_LENGTH) {
    return sendProblem(req, res, problem(414, 'REQUEST.URI_TOO_LONG', `the path and query string are longer than ${MAX_URL_LENGTH} characters`));
  }
  if (!decodable(req.path)) return sendProblem(req, res, problem(400, 'REQUEST.MALFORMED_URL', 'the path has an invalid percent-encoding'));
  if (BODY_METHODS.has(req.method) && hasBody(req) && !req.is(JSON_MEDIA_TYPES)) {
    return sendProblem(req, res, problem(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'the request body must be application/json'));
  }
  next();
}

/** Node's own refusals (before Express sees the request) with a problem body instead of a bare status line. */
const NODE_CLIENT_ERRORS: Record<string, ProblemDetails> = {
  HPE_HEADER_OVERFLOW: problem(431, 'REQUEST.HEADERS_TOO_LARGE', 'the request line and headers together are too large'),
  ERR_HTTP_REQUEST_TIMEOUT: problem(408, 'REQUEST.TIMEOUT', 'the request was not received in time'),
};
const MALFORMED_HTTP = problem(400, 'REQUEST.MALFORMED_HTTP', 'the request is not valid HTTP');

/** The raw HTTP response for an error Node's parser raised, as a problem. */
export function clientErrorResponse(code: string | undefined): string {
  const body = NODE_CLIENT_ERRORS[code ?? ''] ?? MALFORMED_HTTP;
  const json = JSON.stringify(body);
  return [
    `HTTP/1.1 ${body.status} ${body.title}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(json)}`,
    'Connection: close',
    '',
    json,
  ].join('\r\n');
}

/** Answers Node-level client errors (header overflow, malformed HTTP, timeouts) with problem details. */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    socket.end(clientErrorResponse(err.code));
  });
}
