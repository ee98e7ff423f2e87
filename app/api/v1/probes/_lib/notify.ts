// Sends one offline notice per probe per outage: a JSON POST to VANTAGE_NOTIFY_WEBHOOK, and
// an e-mail to the owner's contact when SMTP is configured (VANTAGE_SMTP_URL) and the
// contact is an e-mail address. Claiming marks the probe notified before sending, so
// concurrent runs never send twice; a failed send is logged and not retried (a missed
// notice is better than a flood).
import { config } from "@/lib/config";
import type { Store } from "@/lib/store/open";
import { claimOfflineNotices } from "@/lib/store/volunteers";
import { isMailAddress, offlineMail, offlineNotice } from "@/lib/volunteers/notice";
import { postJson } from "@/lib/notify/post-json";
import { openMailer, smtpSettings } from "./mail";

const lastRunKey = Symbol.for("vantage.offline-notices.last-run");
const g = globalThis as unknown as Record<symbol, number | undefined>;

export interface NoticeOutcome {
  /** Probes newly found offline (each is claimed once per outage). */
  notified: number;
  /** Notices the webhook accepted. */
  sent: number;
  /** Notices mailed. */
  mailed: number;
}

/** Whether any channel for offline notices is configured. */
export function noticesConfigured(): boolean {
  return Boolean(config().VANTAGE_NOTIFY_WEBHOOK || config().VANTAGE_SMTP_URL);
}

export async function sendOfflineNotices(store: Store, now: Date = new Date()): Promise<NoticeOutcome> {
  const webhook = config().VANTAGE_NOTIFY_WEBHOOK;
  const smtp = smtpSettings();
  const outcome: NoticeOutcome = { notified: 0, sent: 0, mailed: 0 };
  if (!webhook && !smtp) return outcome;
  const notices = (await claimOfflineNotices(store, now)).map((n) => ({ probeId: n.probeId, payload: offlineNotice(n) }));
  outcome.notified = notices.length;
  for (const { probeId, payload } of webhook ? notices : []) {
    const r = await postJson(webhook!, JSON.stringify(payload));
    if (r.ok) outcome.sent++;
    else console.error(`offline notice for ${probeId}: webhook ${r.error}`);
  }
  const mails = notices.filter((n) => isMailAddress(n.payload.contact));
  if (smtp && mails.length > 0) {
    const mailer = openMailer(smtp);
    try {
      for (const { probeId, payload } of mails) {
        try {
          await mailer.send(offlineMail(payload, payload.contact!, config().VANTAGE_PUBLIC_URL ?? null));
          outcome.mailed++;
        } catch (e) {
          console.error(`offline notice for ${probeId}: e-mail not sent: ${(e as Error).message}`);
        }
      }
    } finally {
      mailer.close();
    }
  }
  return outcome;
}

/** At most once a minute per process, piggybacking on probe traffic (no scheduler needed). */
export function maybeSendOfflineNotices(store: Store): void {
  const now = Date.now();
  if ((g[lastRunKey] ?? 0) > now - 60_000) return;
  g[lastRunKey] = now;
  sendOfflineNotices(store).catch((e) => console.error("offline notices:", e));
}
