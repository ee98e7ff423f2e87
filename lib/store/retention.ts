// Pure: the first instant whose month is kept, for a retention of N whole months.
export function retentionCutoff(now: Date, monthsText: string): Date {
  const months = Number(monthsText);
  if (!Number.isInteger(months) || months < 1) {
    throw new Error(`VANTAGE_RETENTION_MONTHS must be a whole number of months, at least 1 (got "${monthsText}")`);
  }
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
}
