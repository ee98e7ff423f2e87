// Pure: the first instant whose month is kept, for a retention of N whole months.
export function retentionCutoff(now: Date, months: number): Date {
  if (!Number.isInteger(months) || months < 1) throw new Error(`a retention must be a whole number of months, at least 1 (got ${months})`);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
}
