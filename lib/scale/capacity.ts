// Capacity arithmetic for docs/scaling.md and `npm run db:sizes`: from a fleet (probes,
// seconds between rounds, services per round) and per-record sizes measured in a store, to
// records a day and a second, and rows and bytes a year. Pure.
export interface Fleet {
  probes: number;
  intervalS: number;
  /** Records per round: one per service measured (WhatsApp, Telegram, Max: 3). */
  servicesPerRound: number;
}

export interface Capacity {
  recordsPerSecond: number;
  recordsPerDay: number;
  recordsPerYear: number;
  bytesPerDay: number;
  bytesPerYear: number;
}

export function capacity(fleet: Fleet, bytesPerRecord: number): Capacity {
  if (!(fleet.probes >= 0 && fleet.intervalS > 0 && fleet.servicesPerRound >= 0 && bytesPerRecord >= 0)) {
    throw new Error(`capacity: probes, services and bytes must be at least 0 and the interval above 0 (got ${JSON.stringify({ ...fleet, bytesPerRecord })})`);
  }
  const recordsPerSecond = (fleet.probes * fleet.servicesPerRound) / fleet.intervalS;
  const recordsPerDay = recordsPerSecond * 86_400;
  const recordsPerYear = recordsPerDay * 365;
  return { recordsPerSecond, recordsPerDay, recordsPerYear, bytesPerDay: recordsPerDay * bytesPerRecord, bytesPerYear: recordsPerYear * bytesPerRecord };
}

/** Sizes as people read them: 1.2 GB, 340 MB, 12 kB (powers of 1000). */
export function humanBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let i = 0;
  let v = bytes;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

/** Counts as people read them: 8.6 M, 3.2 G. */
export function humanCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(0);
}
