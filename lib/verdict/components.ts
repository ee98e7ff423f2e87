// Groups target verdicts into components and decides each component's status. Component
// ids are "<kind>" or "<kind>:<name>"; the kind picks the policy:
//   endpoint:eN  one WhatsApp chat host; port-consistent (see below)
//   dc:<addr>    one Telegram data-centre address; ok when either port works
//   throughput   throughput targets; they only feed the `throttled` status
//   anything else (registration, web, api, websocket): ok only when every measured target is ok
// A target that failed for a cause the rules cannot name (`error`: no control resolver, an
// unverified address, ...) still failed: its component is `failed` unless another target
// proves it works (policy by kind). Only a component with no judged target at all is
// `not_measured`.
import type { TargetVerdict } from "../measurement/schema";
import type { TargetVerdictName } from "../measurement/vocabulary";

export type ComponentStatus = "ok" | "blocked" | "throttled" | "failed" | "not_measured";

export interface ComponentVerdict {
  name: string;
  status: ComponentStatus;
}

export const THROUGHPUT_COMPONENT = "throughput";

const BLOCKING: ReadonlySet<TargetVerdictName> = new Set<TargetVerdictName>(["dns_blocked", "tcp_blocked", "tls_blocked", "http_blocked"]);
const SLOWED: ReadonlySet<TargetVerdictName> = new Set<TargetVerdictName>(["stalled", "throttled"]);

export const isBlocking = (v: TargetVerdict): boolean => BLOCKING.has(v.verdict);
export const isSlowed = (v: TargetVerdict): boolean => SLOWED.has(v.verdict);
/** A verdict the rules could attribute: ok, blocked or slowed (not error, not not_measured). */
export const isMeasured = (v: TargetVerdict): boolean => v.verdict !== "error" && v.verdict !== "not_measured";
/** A failure whose cause the rules cannot name: never ok, never dropped. */
export const isUnattributed = (v: TargetVerdict): boolean => v.verdict === "error";

export function componentKind(component: string): string {
  const colon = component.indexOf(":");
  return colon < 0 ? component : component.slice(0, colon);
}

/**
 * Statuses of every component, in first-seen order. `ports` maps target id to port, needed
 * by the endpoint policy: a host failing on a port that works on another host is
 * selectively blocked, while a port that fails on every host (5222 closed everywhere while
 * 443 works) is a harmless quirk.
 */
export function componentStatuses(verdicts: readonly TargetVerdict[], ports: ReadonlyMap<string, number | null>): ComponentVerdict[] {
  const groups = new Map<string, TargetVerdict[]>();
  for (const v of verdicts) {
    const list = groups.get(v.component) ?? [];
    list.push(v);
    groups.set(v.component, list);
  }

  // Ports that work on at least one endpoint host.
  const workingEndpointPorts = new Set<number | null>();
  for (const v of verdicts) {
    if (componentKind(v.component) === "endpoint" && v.verdict === "ok") workingEndpointPorts.add(ports.get(v.target) ?? null);
  }

  const out: ComponentVerdict[] = [];
  for (const [name, list] of groups) {
    const measured = list.filter(isMeasured);
    const kind = componentKind(name);
    let status: ComponentStatus;
    if (measured.length === 0) status = list.some(isUnattributed) ? "failed" : "not_measured";
    else if (kind === THROUGHPUT_COMPONENT) {
      status = measured.some(isSlowed) ? "throttled" : measured.some(isBlocking) ? "blocked" : "ok";
    } else if (kind === "endpoint") {
      const anyOk = measured.some((v) => v.verdict === "ok");
      const selective = measured.some((v) => isBlocking(v) && workingEndpointPorts.has(ports.get(v.target) ?? null));
      status = !anyOk || selective ? "blocked" : measured.some(isSlowed) ? "throttled" : "ok";
    } else if (kind === "dc") {
      status = measured.some((v) => v.verdict === "ok") ? "ok" : measured.some(isSlowed) ? "throttled" : "blocked";
    } else {
      status = measured.some(isBlocking)
        ? "blocked"
        : measured.some(isSlowed)
          ? "throttled"
          : list.some(isUnattributed)
            ? "failed"
            : "ok";
    }
    out.push({ name, status });
  }
  return out;
}
