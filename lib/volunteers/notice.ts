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

/**
 * Whether an owner's contact is an e-mail address the notice can be mailed to (the contact
 * may also be a webhook URL or anything else a relay understands). Address literals
 * (`user@[192.0.2.1]`) are refused: a notice never names a network address.
 */
export function isMailAddress(contact: string | null): contact is string {
  return contact !== null && /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/.test(contact);
}

export interface OfflineMail {
  to: string;
  subject: string;
  text: string;
}

/** The offline notice as an e-mail to the owner's contact: the probe's name, id and hour, nothing more. */
export function offlineMail(notice: OfflineNoticePayload, to: string, publicOrigin: string | null): OfflineMail {
  const name = notice.probe_name.replace(/[\u0000-\u001f\u007f]+/g, " ");
  const page = publicOrigin ? `\nIts page: ${publicOrigin.replace(/\/+$/, "")}/probes/${encodeURIComponent(notice.probe_id)}\n` : "";
  return {
    to,
    subject: `Vantage: your probe "${name}" is offline`,
    text:
      `${notice.text}\n${page}\n` +
      "You get this because this address was given as the contact of a Vantage volunteer key. " +
      "Vantage sends nothing else to it.\n",
  };
}
