// The daily throughput byte budget, persisted in a small JSON state file so restarts do
// not reset it. A day is a UTC calendar day.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface BudgetState {
  day: string;
  bytes: number;
}

export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Bytes already spent today, given what the state file says. */
export function spentToday(state: BudgetState | null, at: Date): number {
  return state && state.day === utcDay(at) ? state.bytes : 0;
}

/** Whether a transfer of up to `planned` bytes still fits today's budget. */
export function fitsBudget(state: BudgetState | null, at: Date, planned: number, dailyBudget: number): boolean {
  return spentToday(state, at) + planned <= dailyBudget;
}

export function addSpent(state: BudgetState | null, at: Date, bytes: number): BudgetState {
  return { day: utcDay(at), bytes: spentToday(state, at) + bytes };
}

export function readBudgetState(file: string): BudgetState | null {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { throughput?: Partial<BudgetState> };
    const t = parsed.throughput;
    if (t && typeof t.day === "string" && typeof t.bytes === "number" && t.bytes >= 0) return { day: t.day, bytes: t.bytes };
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
