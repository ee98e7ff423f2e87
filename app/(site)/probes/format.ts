// Shared display helpers of the probe pages.
import type { PublicNetwork } from "@/lib/volunteers/privacy";

export function networkLabel(n: PublicNetwork, networkType: string): string {
  if (n.asn === null) return `${n.country} (${networkType})`;
  return `AS${n.asn}${n.asn_name ? ` ${n.asn_name}` : ""} (${networkType})`;
}

export const probeStyles = `
table.probes { border-collapse: collapse; width: 100%; margin: 1rem 0; }
table.probes th, table.probes td { text-align: left; padding: 0.3rem 0.6rem; border-bottom: 1px solid #ddd; }
td.online { color: #17632a; } td.offline { color: #a0281e; } td.paused { color: #6b6b6b; }
.bar { display: inline-block; height: 0.7rem; background: #3a6ea5; vertical-align: middle; }
form.register label { display: block; margin: 0.5rem 0; }
form.register input, form.register select { margin-left: 0.5rem; }
pre.secret { background: #f4f4f4; padding: 0.6rem; white-space: pre-wrap; word-break: break-all; }
`;
