export const ALERT_TYPES = ['low-stock', 'critical-stock', 'delayed-gold-order', 'order-at-risk'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export interface AlertPeriod {
  openedAt: string;
  closedAt: string | null;
}

/**
 * One alert per type and subject (a product or an order). It is open while its condition holds;
 * `history` keeps every period it was open. Times are event times, never the processing time, so a
 * replay writes the same alert.
 */
export interface Alert {
  id: string;
  type: AlertType;
  subjectId: string;
  active: boolean;
  openedAt: string | null;
  closedAt: string | null;
  details: Record<string, unknown>;
  history: AlertPeriod[];
  /** The source version that last changed it, where the source is versioned (a product for stock alerts). */
  sourceVersion: number;
}

const HISTORY_LIMIT = 100;

export const alertId = (type: AlertType, subjectId: string): string => `${type}:${subjectId}`;

export function newAlert(type: AlertType, subjectId: string): Alert {
  return { id: alertId(type, subjectId), type, subjectId, active: false, openedAt: null, closedAt: null, details: {}, history: [], sourceVersion: 0 };
}

const sameDetails = (a: Record<string, unknown>, b: Record<string, unknown>): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Opens the alert at `at`; an open one only gets fresh details. Returns the same object when nothing changes. */
export function openAlert(alert: Alert, at: string, details: Record<string, unknown>): Alert {
  if (alert.active) return sameDetails(alert.details, details) ? alert : { ...alert, details };
  return { ...alert, active: true, openedAt: at, closedAt: null, details, history: [...alert.history, { openedAt: at, closedAt: null }].slice(-HISTORY_LIMIT) };
}

/** Closes at `at`, or at the opening time if `at` is earlier (a late event from a skewed clock). */
export function closeAlert(alert: Alert, closedAt: string): Alert {
  if (!alert.active) return alert;
  const at = alert.openedAt !== null && Date.parse(closedAt) < Date.parse(alert.openedAt) ? alert.openedAt : closedAt;
  const history = alert.history.map((p, i) => (i === alert.history.length - 1 ? { ...p, closedAt: at } : p));
  return { ...alert, active: false, closedAt: at, history };
}

/** Records a period that is already over (found out after the fact), once. */
export function recordPastPeriod(alert: Alert, openedAt: string, closedAt: string, details: Record<string, unknown>): Alert {
  if (alert.active || alert.history.some((p) => p.openedAt === openedAt)) return alert;
  return { ...alert, openedAt, closedAt, details, history: [...alert.history, { openedAt, closedAt }].slice(-HISTORY_LIMIT) };
}

export function setAlert(alert: Alert, on: boolean, at: string, details: Record<string, unknown>): Alert {
  return on ? openAlert(alert, at, details) : closeAlert(alert, at);
}
