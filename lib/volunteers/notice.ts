// The offline notice an owner gets, once per probe per outage, as a webhook payload.
// It names the probe and the hour it was last heard, never an address.
import { roundedToHour } from "./presence";

export interface OfflineNoticePayload {
  kind: "probe_offline";
  probe_id: string;
  probe_name: string;
  /** Last heard from, rounded to the hour (UTC). */
  last_seen_hour: string | null;
  /** The owner's optional contact (an e-mail address or their own webhook), for the relay. */
  contact: string | null;
  text: string;
}

export function offlineNotice(n: { probeId: string; probeName: string; ownerContact: string | null; lastSeenAt: Date | null }): OfflineNoticePayload {
  const hour = roundedToHour(n.lastSeenAt)?.toISOString() ?? null;
  return {
    kind: "probe_offline",
    probe_id: n.probeId,
    probe_name: n.probeName,
    last_seen_hour: hour,
    contact: n.ownerContact,
    text: `Your Vantage probe "${n.probeName}" (${n.probeId}) has been silent since ${hour ?? "it enrolled"}: it is offline. You will not be told again until it has come back.`,
  };
}
