import { inspect } from 'node:util';

/** pino's numeric levels, so these lines sort and filter with the service's own. */
export const PinoLevel = { info: 30, error: 50, fatal: 60 } as const;
export type PinoLevelValue = (typeof PinoLevel)[keyof typeof PinoLevel];

/** An error as pino's standard serializer writes it under `err`. */
export interface ErrorFields {
  type: string;
  message: string;
  stack?: string;
}

/** Why the process stops (or is about to). */
export interface ExitReport {
  service: string;
  level: PinoLevelValue;
  /** Completes the sentence "<service> …", e.g. "received SIGTERM, shutting down". */
  text: string;
  error?: unknown;
}

/** Where and when a report is written: the parts of a pino line that are not the report. */
export interface ReportOrigin {
  time: number;
  pid: number;
  hostname: string;
}

/** Anything thrown or rejected, Error or not. */
export function errorFields(error: unknown): ErrorFields {
  if (error instanceof Error) return { type: error.constructor.name, message: error.message, stack: error.stack };
  return { type: typeof error, message: typeof error === 'string' ? error : inspect(error, { depth: 2, breakLength: Infinity }) };
}

/** One JSON line in pino's shape for the service's log (stdout). */
export function logLine(report: ExitReport, origin: ReportOrigin): string {
  const { service, level, text, error } = report;
  const err = error === undefined ? {} : { err: errorFields(error) };
  return `${JSON.stringify({ level, time: origin.time, pid: origin.pid, hostname: origin.hostname, service, msg: `${service} ${text}`, ...err })}\n`;
}

/** One plain line for a human (stderr), then the stack when there is one. */
export function stderrLine(report: ExitReport): string {
  const stack = report.error === undefined ? undefined : errorFields(report.error).stack;
  return `${report.service} ${report.text}\n${stack ? `${stack}\n` : ''}`;
}
