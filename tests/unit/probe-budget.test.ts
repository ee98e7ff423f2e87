// The daily throughput budget as the daemon applies it (probes/budget.ts): spread over the
// day, so that every UTC hour keeps throughput samples under the default budget, never
// more than the budget in a day; before, the default budget ran out in the morning.
import { describe, expect, it } from "vitest";
import { addSpent, type BudgetState, DEFAULT_DAILY_BUDGET_BYTES, fitsBudget } from "../../probes/budget";

/** A day of rounds every 10 minutes for three services (3 objects and the control, 256 KiB each). */
function day(budgetBytes: number) {
  const planned = 4 * 262_144;
  let state: BudgetState | null = null;
  const measuredHours = new Set<number>();
  let spent = 0;
  const start = Date.UTC(2026, 1, 10);
  for (let k = 0; k < 144; k++) {
    const at = new Date(start + k * 600_000 + 90_000);
    if (!fitsBudget(state, at, planned, budgetBytes)) continue;
    state = addSpent(state, at, planned);
    spent += planned;
    measuredHours.add(at.getUTCHours());
  }
  return { measuredHours, spent };
}

describe("daily throughput budget", () => {
  it("keeps samples in every hour of the day under the default budget, within the budget", () => {
    const { measuredHours, spent } = day(DEFAULT_DAILY_BUDGET_BYTES);
    expect(measuredHours.size).toBe(24);
    expect(spent).toBeLessThanOrEqual(DEFAULT_DAILY_BUDGET_BYTES);
    expect(spent).toBeGreaterThan(0.9 * DEFAULT_DAILY_BUDGET_BYTES); // and uses it
  });

  it("never exceeds a budget too small for one sample an hour, and starts afresh the next UTC day", () => {
    const { spent, measuredHours } = day(8 * 1024 * 1024);
    expect(spent).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(measuredHours.size).toBe(8);
    const yesterday: BudgetState = { day: "2026-02-10", bytes: 8 * 1024 * 1024, hour: "2026-02-10T23" };
    expect(fitsBudget(yesterday, new Date("2026-02-11T00:05:00Z"), 1024 * 1024, 8 * 1024 * 1024)).toBe(true);
  });

  it("reads state files written before the hour was recorded", () => {
    const old: BudgetState = { day: "2026-02-10", bytes: 1024 * 1024 };
    expect(fitsBudget(old, new Date("2026-02-10T00:30:00Z"), 1024 * 1024, DEFAULT_DAILY_BUDGET_BYTES)).toBe(true);
  });
});
