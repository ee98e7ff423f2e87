// The small-network rule, one rule for every public output. A network (country + ASN)
// hosting fewer than three volunteer probes (not revoked, not simulated) is shown as its
// country only on the pages, and its probes' raw measurements (source vantage) are withheld
// from the measurements API and the daily dumps (docs/limits.md says exactly what): naming
// a small network, or publishing a lone probe's id, region and exact times, would come
// close to naming the volunteer.
export const MIN_PROBES_TO_NAME_NETWORK = 3;

export interface NetworkOfProbe {
  country: string;
  asn: number;
  asn_name: string | null;
}

export interface PublicNetwork {
  country: string;
  /** Null when the network is too small to name. */
  asn: number | null;
  asn_name: string | null;
}

export function networkKey(p: { country: string; asn: number }): string {
  return `${p.country}|${p.asn}`;
}

/** Counts probes per network over the whole registry (not just the page shown). */
export function countByNetwork(probes: readonly { country: string; asn: number }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of probes) counts.set(networkKey(p), (counts.get(networkKey(p)) ?? 0) + 1);
  return counts;
}

export function publicNetwork(probe: NetworkOfProbe, counts: ReadonlyMap<string, number>): PublicNetwork {
  const n = counts.get(networkKey(probe)) ?? 0;
  if (n < MIN_PROBES_TO_NAME_NETWORK) return { country: probe.country, asn: null, asn_name: null };
  return { country: probe.country, asn: probe.asn, asn_name: probe.asn_name };
}

/**
 * SQL condition (on a measurements row aliased `alias`) that keeps only rows the raw-data
 * API and dumps may publish: anything not from a volunteer probe (source ooni, simulated),
 * or a volunteer measurement from a network with at least MIN_PROBES_TO_NAME_NETWORK
 * probes. The count is the registry's now, so a network that grows is published again.
 */
export function publishableMeasurementSql(alias: string): string {
  return `(${alias}.source <> 'vantage' OR (${alias}.country, ${alias}.asn) IN (
    SELECT country, asn FROM probes WHERE status <> 'revoked' AND NOT simulated
    GROUP BY country, asn HAVING count(*) >= ${MIN_PROBES_TO_NAME_NETWORK}))`;
}
