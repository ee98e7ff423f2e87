// ts-029 Signal: HTTPS GET to each Signal backend host, certificates checked against
// Signal's own CA.
import type { JsonObject, OoniJudgement } from "../envelope";

export function judgeSignal(testKeys: JsonObject): OoniJudgement {
  const status = testKeys.signal_backend_status;
  return {
    anomaly: status === "blocked",
    confirmed: false,
    failure: status !== "ok" && status !== "blocked",
  };
}
