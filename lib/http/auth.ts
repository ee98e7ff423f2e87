// Bearer credentials and the one operator check (VANTAGE_OPERATOR_TOKEN, compared in
// constant time). A missing or wrong token is 401; an operator API with no token
// configured is 403 ("disabled").
import { config } from "../config";
import { secretsEqual } from "../volunteers/secrets";
import { HttpError } from "./error";

const CHALLENGE = { "www-authenticate": "Bearer" };

export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return m ? m[1] : null;
}

/** The bearer token, or 401 naming the credential the route wants. */
export function requireBearer(request: Request, what: string): string {
  const token = bearerToken(request);
  if (!token) {
    throw new HttpError(401, `missing credential: send "Authorization: Bearer <${what}>"`, {
      issues: [{ in: "header", path: "authorization", message: "missing or malformed" }],
      headers: CHALLENGE,
    });
  }
  return token;
}

/** 401 for a credential the server does not know (or no longer accepts). */
export function unknownCredential(message: string, detail: string): HttpError {
  return new HttpError(401, message, { issues: [{ in: "header", path: "authorization", message: detail }], headers: CHALLENGE });
}

export function requireOperator(request: Request, configured = config().VANTAGE_OPERATOR_TOKEN): void {
  if (!configured) {
    throw new HttpError(403, "operator actions are disabled: VANTAGE_OPERATOR_TOKEN is not set", { code: "operator_disabled" });
  }
  const token = requireBearer(request, "operator token");
  if (!secretsEqual(token, configured)) throw unknownCredential("wrong operator token", "wrong token");
}
