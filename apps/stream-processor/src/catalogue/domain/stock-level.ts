import { StockLevel } from '@app/contracts';

export interface StockThresholds {
  /** Stock below this is low (and not yet critical). */
  low: number;
  /** Stock below this is critical. */
  critical: number;
}

export function stockLevel(stock: number, thresholds: StockThresholds): StockLevel {
  if (stock < thresholds.critical) return 'Critical';
  if (stock < thresholds.low) return 'Low';
  return 'Ok';
}
