// Sends one offline notice per probe per outage to VANTAGE_NOTIFY_WEBHOOK. Claiming marks
// the probe notified before sending, so concurrent runs never send twice; a failed send is
// logged and not retried (a missed notice is better than a flood).
import type { Store } from "@/lib/store/open";
import { claimOfflineNotices } from "@/lib/store/volunteers";
import { offlineNotice } from "@/lib/volunteers/notice";

const lastRunKey = Symbol.for("vantage.offline-notices.last-run");
const g = globalThis as unknown as Record<symbol, number | undefined>;

export async function sendOfflineNotices(store: Store, now: Date = new Date()): Promise<{ notified: number; sent: number }> {
  const webhook = process.env.VANTAGE_NOTIFY_WEBHOOK;
  if (!webhook) return { notified: 0, sent: 0 };
  const notices = await claimOfflineNotices(store, now);
  let sent = 0;
  for (const n of notices) {
    try {
      const r = await fetch(webhook, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(offlineNotice(n)),
        signal: AbortSignal.timeout(10_000),
      });
      if (r.ok) sent++;
      else console.error(`offline notice for ${n.probeId}: webhook answered ${r.status}`);
    } catch (e) {
      console.error(`offline notice for ${n.probeId}: ${(e as Error).message}`);
    }
  }
  return { notified: notices.length, sent };
}

/** At most once a minute per process, piggybacking on probe traffic (no scheduler needed). */
export function maybeSendOfflineNotices(store: Store): void {
  const now = Date.now();
  if ((g[lastRunKey] ?? 0) > now - 60_000) return;
  g[lastRunKey] = now;
  sendOfflineNotices(store).catch((e) => console.error("offline notices:", e));
}
