// Online/offline and what the public may see of a probe's timing.
export const OFFLINE_AFTER_INTERVALS = 3;

/** Offline once silent for three scheduled intervals (or never heard from). */
export function isOffline(lastSeenAt: Date | null, intervalS: number, now: Date): boolean {
  if (!lastSeenAt) return true;
  return now.getTime() - lastSeenAt.getTime() > OFFLINE_AFTER_INTERVALS * intervalS * 1000;
}

/** Last seen, rounded down to the hour: precise timing would help correlate a volunteer's activity. */
export function roundedToHour(at: Date | null): Date | null {
  if (!at) return null;
  const d = new Date(at);
  d.setUTCMinutes(0, 0, 0);
  return d;
}
