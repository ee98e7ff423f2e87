// A volunteer's choices for a probe (interval, daily data budget) against the server's
// bounds. Pure: the route turns the issues into a 400 naming each field.

export interface SettingBounds {
  interval: { min: number; max: number };
  dailyBudget: { min: number; max: number };
}

/** A setting outside the server's bounds: which field, and the allowed range. */
export interface SettingIssue {
  path: string;
  message: string;
}

export function settingsOutsideBounds(input: { interval_s?: number; daily_budget_bytes?: number | null }, bounds: SettingBounds): SettingIssue[] {
  const issues: SettingIssue[] = [];
  const { interval, dailyBudget } = bounds;
  if (input.interval_s !== undefined && (input.interval_s < interval.min || input.interval_s > interval.max)) {
    issues.push({ path: "interval_s", message: `expected ${interval.min} to ${interval.max} seconds, got ${input.interval_s}` });
  }
  const budget = input.daily_budget_bytes;
  if (budget !== undefined && budget !== null && (budget < dailyBudget.min || budget > dailyBudget.max)) {
    issues.push({ path: "daily_budget_bytes", message: `expected ${dailyBudget.min} to ${dailyBudget.max} bytes a day, got ${budget}` });
  }
  return issues;
}
