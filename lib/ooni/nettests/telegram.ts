// ts-020 Telegram: the data-centre addresses (TCP and plain-HTTP POST on 80 and 443) and
// Telegram Web.
import type { JsonObject, OoniJudgement } from "../envelope";

/**
 * OONI's judgement as ts-020 defines it: blocked when every DC connection (tcp) or every
 * DC request (http) failed, or Telegram Web is blocked. Partial DC blocking stays "ok" in
 * OONI's eyes; Vantage reports each DC address on its own.
 */
export function judgeTelegram(testKeys: JsonObject): OoniJudgement {
  const web = testKeys.telegram_web_status;
  return {
    anomaly: testKeys.telegram_tcp_blocking === true || testKeys.telegram_http_blocking === true || web === "blocked",
    confirmed: false,
    failure: (web !== "ok" && web !== "blocked") || typeof testKeys.telegram_tcp_blocking !== "boolean",
  };
}
