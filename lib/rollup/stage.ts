// The stage of the cause of a service verdict, the rollups' `stage` dimension. The rule
// that decided the verdict names its stage by its letter (design brief, verdict table):
// D dns, T tcp, S tls, H http, W ws (WebSocket upgrade), P throughput. OK, no rule
// (inconclusive rounds) and unknown rules have no cause stage: ''.
import type { StageName } from "../measurement/vocabulary";

export type CauseStage = StageName | "";

export const RULE_PREFIX_STAGE: Readonly<Record<string, StageName>> = {
  D: "dns",
  T: "tcp",
  S: "tls",
  H: "http",
  W: "ws",
  P: "throughput",
};

export function causeStage(rule: string | null | undefined): CauseStage {
  if (!rule || rule === "OK") return "";
  return RULE_PREFIX_STAGE[rule[0]] ?? "";
}

/** The same mapping as a SQL expression over a rule column, for rebuilds from raw rows. */
export function causeStageSql(ruleColumn: string): string {
  const arms = Object.entries(RULE_PREFIX_STAGE)
    .map(([prefix, stage]) => `WHEN left(${ruleColumn}, 1) = '${prefix}' THEN '${stage}'`)
    .join(" ");
  return `(CASE WHEN ${ruleColumn} IS NULL OR ${ruleColumn} = 'OK' THEN '' ${arms} ELSE '' END)`;
}
