// The operator token for write APIs (annotations): `Authorization: Bearer <token>` must
// equal VANTAGE_OPERATOR_TOKEN, compared in constant time (lib/volunteers/secrets.ts).
// Same rules as the probes' operator actions: unset or shorter than 16 characters
// disables writes (403); a missing or wrong token is 401.
import { config, MIN_OPERATOR_TOKEN_LENGTH } from "../config";
import { secretsEqual } from "../volunteers/secrets";

export { MIN_OPERATOR_TOKEN_LENGTH };

export type OperatorCheck =
  | { ok: true }
  | { ok: false; status: 401 | 403; error: string };

export function checkOperator(authorization: string | null, configured = config().VANTAGE_OPERATOR_TOKEN): OperatorCheck {
  if (!configured || configured.length < MIN_OPERATOR_TOKEN_LENGTH) {
    return { ok: false, status: 403, error: `operator API disabled: VANTAGE_OPERATOR_TOKEN is not set to at least ${MIN_OPERATOR_TOKEN_LENGTH} characters` };
  }
  const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (!m) return { ok: false, status: 401, error: "operator token required: send Authorization: Bearer <token>" };
  if (!secretsEqual(m[1], configured)) return { ok: false, status: 401, error: "wrong operator token" };
  return { ok: true };
}
