// The daemon's daily data budget (all traffic: rounds and uploads), kept in a small JSON
// file in the state directory so a restart does not reset it. A day is a UTC day.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { addSpent, spentToday, type BudgetState } from "../budget";

export class DataBudget {
  private state: BudgetState | null;
  private readonly file: string;

  constructor(dir: string, public dailyBytes: number) {
    this.file = join(dir, "data-budget.json");
    this.state = null;
    try {
      const parsed = JSON.parse(readFileSync(this.file, "utf8")) as Partial<BudgetState>;
      if (typeof parsed.day === "string" && typeof parsed.bytes === "number") this.state = { day: parsed.day, bytes: parsed.bytes };
    } catch {
      // Missing or unreadable: a fresh budget.
    }
  }

  spent(at: Date): number {
    return spentToday(this.state, at);
  }

  exhausted(at: Date): boolean {
    return this.spent(at) >= this.dailyBytes;
  }

  add(at: Date, bytes: number): void {
    this.state = addSpent(this.state, at, bytes);
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state) + "\n", { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
