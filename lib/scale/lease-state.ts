// Whether this process may run event detection. With one store owner (PGlite, or a single
// process on PostgreSQL that never campaigns for the lease) it always may; once the process
// campaigns for the detection lease (lib/scale/detection-lease.ts), only while it holds it.
// Kept apart from the lease itself so the scheduler can ask without loading the driver.
interface LeaseState {
  campaigning: boolean;
  held: boolean;
}

const key = Symbol.for("vantage.detection-lease-state");
const g = globalThis as unknown as Record<symbol, LeaseState | undefined>;

function state(): LeaseState {
  return (g[key] ??= { campaigning: false, held: false });
}

export function detectionAllowedHere(): boolean {
  const s = state();
  return !s.campaigning || s.held;
}

export function setLeaseState(campaigning: boolean, held: boolean): void {
  const s = state();
  s.campaigning = campaigning;
  s.held = held;
}
