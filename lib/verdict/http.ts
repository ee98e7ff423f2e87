// HTTP and WebSocket stage rules H1-H4 and H6. A status code on its own is never a block
// (H3): WhatsApp Web answers 302/403, registration 4xx, Telegram's data centres 404/501;
// but a response outside the target's profile is not the service's answer (H6).
import type { Failure, StageName } from "../measurement/vocabulary";
import type { Stages } from "../measurement/schema";
import type { ResponseProfile } from "../targets";
import { failed, passed, unattributable, type StageJudgement } from "./finding";
import { profileViolation } from "./profile";

type HttpStage = NonNullable<Stages["http"]>;
type WsStage = NonNullable<Stages["ws"]>;

/** H2: the response was cut by a reset or an early end. */
const CUT: ReadonlySet<Failure> = new Set<Failure>(["connection_reset", "eof_error", "connection_aborted"]);
/**
 * H4: no response at all after the connection (and TLS) succeeded: a timeout or a failed
 * request. The table has no row for it; DPI that drops the request after the handshake
 * looks exactly like this, and the earlier stages rule out a dead network.
 */
const NO_RESPONSE: ReadonlySet<Failure> = new Set<Failure>(["generic_timeout_error", "http_request_failed"]);

function judgeFailure(stage: StageName, failure: Failure): StageJudgement {
  if (CUT.has(failure)) return failed({ verdict: "http_blocked", grade: "anomaly", rule: "H2", stage, failure, detail: null });
  if (NO_RESPONSE.has(failure)) return failed({ verdict: "http_blocked", grade: "anomaly", rule: "H4", stage, failure, detail: null });
  return unattributable(stage, failure, "not_a_block_failure");
}

export function judgeHttp(http: HttpStage, profile?: ResponseProfile): StageJudgement {
  if (http.fingerprint !== null) {
    return failed({ verdict: "http_blocked", grade: "confirmed", rule: "H1", stage: "http", failure: http.failure, detail: "block_page" });
  }
  if (http.failure !== null) return judgeFailure("http", http.failure);
  if (http.status === null) return unattributable("http", null, "no_status");
  const violation = profileViolation(http, profile);
  if (violation !== null) return failed({ verdict: "http_blocked", grade: "anomaly", rule: "H6", stage: "http", failure: null, detail: violation });
  return passed(http.status >= 300 ? "H3" : null);
}

/** The upgrade handshake counts as HTTP (technique http); 101 is success, any other status is H3. */
export function judgeWs(ws: WsStage): StageJudgement {
  if (ws.failure !== null) return judgeFailure("ws", ws.failure);
  if (ws.status === null) return unattributable("ws", null, "no_status");
  return passed(ws.status === 101 ? null : "H3");
}
