// JSON answers and errors of the public API, in one shape: errors are
// {error, issues?: [{parameter, message}]} so clients can show what to fix.
import { countRequest } from "../metrics";
import type { ParamIssue } from "./params";

export function jsonResponse(route: string, body: unknown, init: ResponseInit = {}): Response {
  const status = init.status ?? 200;
  countRequest(route, status);
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(body), { ...init, status, headers });
}

export function badRequest(route: string, issues: ParamIssue[]): Response {
  const named = issues.map((i) => i.parameter).join(", ");
  return jsonResponse(route, { error: `bad parameter(s): ${named}`, issues }, { status: 400 });
}

export function errorResponse(route: string, status: number, error: string, init: ResponseInit = {}): Response {
  return jsonResponse(route, { error }, { ...init, status });
}

/** A failure of the store or a bug: logged on the server, a short 500 for the client. */
export function internalError(route: string, error: unknown): Response {
  console.error(`${route}: ${(error as Error)?.stack ?? String(error)}`);
  return errorResponse(route, 500, "internal error; the server log has the details");
}
