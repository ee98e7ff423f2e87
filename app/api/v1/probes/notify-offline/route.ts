// POST /api/v1/probes/notify-offline (operator): sends the pending offline notices now
// (for a cron job; probe traffic also triggers it at most once a minute).
import { HttpError, json, route } from "@/lib/http";
import { noticesConfigured, sendOfflineNotices } from "../_lib/notify";

export const dynamic = "force-dynamic";

export const POST = route("/api/v1/probes/notify-offline", {}, async ({ operator, store }) => {
  operator();
  if (!noticesConfigured()) {
    throw new HttpError(409, "neither VANTAGE_NOTIFY_WEBHOOK nor VANTAGE_SMTP_URL is set: there is nowhere to send notices", { code: "notices_off" });
  }
  return json(await sendOfflineNotices(await store()));
});
