// The operator token for write APIs (annotations): `Authorization: Bearer <token>` must
// equal VANTAGE_OPERATOR_TOKEN. Compared in constant time (both sides hashed to equal
// length first); with the variable unset, writes are disabled.
import crypto from "node:crypto";

export type OperatorCheck =
  | { ok: true }
  | { ok: false; status: 401 | 403; error: string };

const digest = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest();

export function checkOperator(authorization: string | null, configured = process.env.VANTAGE_OPERATOR_TOKEN): OperatorCheck {
  if (!configured) {
    return { ok: false, status: 403, error: "operator API disabled: the server has no VANTAGE_OPERATOR_TOKEN" };
  }
  const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (!m) return { ok: false, status: 401, error: "operator token required: send Authorization: Bearer <token>" };
  if (!crypto.timingSafeEqual(digest(m[1]), digest(configured))) return { ok: false, status: 403, error: "operator token not accepted" };
  return { ok: true };
}
