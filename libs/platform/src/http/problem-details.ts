import { DomainErrorKind, FieldProblem } from '@app/core';

/** RFC 9457 problem details with a stable machine-readable `code`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: FieldProblem[];
}

/** The one place where domain error kinds become HTTP statuses. */
export const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  Invalid: 400,
  Unauthenticated: 401,
  NotFound: 404,
  Conflict: 409,
  Unprocessable: 422,
  Unavailable: 503,
};

/** The title of each status a problem can have. */
export const PROBLEM_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  408: 'Request Timeout',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, code: string, detail: string, errors?: FieldProblem[]): ProblemDetails {
  return {
    type: `urn:problem-type:${code.toLowerCase()}`,
    title: PROBLEM_TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}
