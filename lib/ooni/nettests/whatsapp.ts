// ts-018 WhatsApp: endpoints (e1..e16 on 443 and 5222), registration server, WhatsApp Web.
import type { JsonObject, OoniJudgement } from "../envelope";

const STATUS_KEYS = ["whatsapp_endpoints_status", "registration_server_status", "whatsapp_web_status"] as const;

/** OONI's judgement as ts-018 defines it: any part "blocked" is an anomaly; a part without a status failed. */
export function judgeWhatsapp(testKeys: JsonObject): OoniJudgement {
  const statuses = STATUS_KEYS.map((k) => testKeys[k]);
  return {
    anomaly: statuses.some((s) => s === "blocked"),
    confirmed: false,
    failure: statuses.some((s) => s !== "ok" && s !== "blocked"),
  };
}
