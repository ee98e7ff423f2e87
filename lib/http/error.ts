// The one error type and the one JSON error shape of the whole HTTP API:
//   {"error": "<what went wrong, for a person>", "code": "<stable machine code>",
//    "issues": [{"in": "query" | "path" | "header" | "body", "path": "<dotted field>", "message": "..."}]}
// `error` stays a string and each issue's location is `path` because probes already in the
// field read exactly those (the daemon quarantines the records named `records.N...`).
// Documented as the Error schema in lib/api/openapi.ts.

export type IssueLocation = "query" | "path" | "header" | "body";

export interface Issue {
  in: IssueLocation;
  /** The parameter or the dotted path inside the body ("records.3.id"); "" for the whole. */
  path: string;
  message: string;
}

/** The default machine code of each status; a route may give a more specific one. */
export const ERROR_CODES: Record<number, string> = {
  400: "invalid_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  429: "rate_limited",
  500: "internal_error",
  503: "unavailable",
};

export interface ErrorBody {
  error: string;
  code: string;
  issues: Issue[];
}

export class HttpError extends Error {
  override name = "HttpError";
  readonly code: string;
  readonly issues: Issue[];
  readonly headers: Record<string, string>;
  /** More fields of the body (e.g. retry_after_s beside Retry-After, for a page to show). */
  readonly extra: Record<string, unknown>;

  constructor(
    readonly status: number,
    message: string,
    options: { code?: string; issues?: Issue[]; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.code = options.code ?? ERROR_CODES[status] ?? "error";
    this.issues = options.issues ?? [];
    this.headers = options.headers ?? {};
    this.extra = options.extra ?? {};
  }

  body(): ErrorBody {
    return { ...this.extra, error: this.message, code: this.code, issues: this.issues };
  }
}

/** A 400 listing every issue; its message names the fields so a person can fix them. */
export function invalidRequest(issues: Issue[]): HttpError {
  const named = [...new Set(issues.map((i) => i.path || `(${i.in})`))].join(", ");
  const first = issues[0];
  const detail = issues.length === 1 && first ? `: ${first.message}` : "";
  return new HttpError(400, `bad ${issues.every((i) => i.in === "query") ? "parameter(s)" : "request"}: ${named}${detail}`, { issues });
}

/** The response for `error`; the body never carries a stack trace. */
export function errorResponse(error: HttpError): Response {
  const headers = new Headers(error.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  headers.set("cache-control", "no-store");
  return new Response(JSON.stringify(error.body()), { status: error.status, headers });
}
