// POST /api/v1/probes/notify-offline (operator): sends the pending offline notices now
// (for a cron job; probe traffic also triggers it at most once a minute).
import { getStore } from "@/lib/server/store";
import { ApiError, toResponse } from "@/lib/volunteers/http";
import { requireOperator } from "../_lib/auth";
import { noticesConfigured, sendOfflineNotices } from "../_lib/notify";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  try {
    requireOperator(request);
    if (!noticesConfigured()) throw new ApiError(409, "neither VANTAGE_NOTIFY_WEBHOOK nor VANTAGE_SMTP_URL is set: there is nowhere to send notices");
    return Response.json(await sendOfflineNotices(await getStore()));
  } catch (error) {
    return toResponse(error);
  }
}
