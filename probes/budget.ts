// The daily throughput byte budget, persisted in a small JSON state file so restarts do
// not reset it. A day is a UTC calendar day. The budget is spread over the day: by the end
// of UTC hour h at most (h+1)/24 of it is spent, and the first measurement of each hour
// may run ahead of that pace (within the day's total), so every hour keeps samples instead
// of the budget running out each evening (which made a throttle look lifted every night).
// bench/scenarios/generate.ts models the fleet's budget with these same functions.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface BudgetState {
  day: string;
  bytes: number;
  /** UTC hour ("YYYY-MM-DDTHH") of the last measurement booked; absent in older state files. */
  hour?: string;
}

const HOURS_PER_DAY = 24;

/** The default daily throughput budget (probes/config.ts `throughput.daily_budget_bytes`). */
export const DEFAULT_DAILY_BUDGET_BYTES = 50 * 1024 * 1024;

export function utcHour(at: Date): string {
  return at.toISOString().slice(0, 13);
}

export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Bytes already spent today, given what the state file says. */
export function spentToday(state: BudgetState | null, at: Date): number {
  return state && state.day === utcDay(at) ? state.bytes : 0;
}

/**
 * Whether a transfer of up to `planned` bytes may run now: it fits today's budget, and it
 * keeps to the day's pace or is the first measurement of this UTC hour.
 */
export function fitsBudget(state: BudgetState | null, at: Date, planned: number, dailyBudget: number): boolean {
  const after = spentToday(state, at) + planned;
  if (after > dailyBudget) return false;
  const pace = (dailyBudget * (at.getUTCHours() + 1)) / HOURS_PER_DAY;
  return after <= pace || state?.hour !== utcHour(at);
}

export function addSpent(state: BudgetState | null, at: Date, bytes: number): BudgetState {
  return { day: utcDay(at), bytes: spentToday(state, at) + bytes, hour: utcHour(at) };
}

export function readBudgetState(file: string): BudgetState | null {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { throughput?: Partial<BudgetState> };
    const t = parsed.throughput;
    if (t && typeof t.day === "string" && typeof t.bytes === "number" && t.bytes >= 0) {
      return { day: t.day, bytes: t.bytes, ...(typeof t.hour === "string" ? { hour: t.hour } : {}) };
    }
  } catch {
    // Missing or unreadable: a fresh budget.
  }
  return null;
}

export function writeBudgetState(file: string, state: BudgetState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ throughput: state }) + "\n");
  renameSync(tmp, file);
}
