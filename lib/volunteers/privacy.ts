// What the public probe list may say about a probe's network. A network (country + ASN)
// hosting fewer than three probes is shown as its country only: naming a small network
// would come close to naming the volunteer.
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
