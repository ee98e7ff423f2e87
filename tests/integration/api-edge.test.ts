// Every route of the OpenAPI document, through its real handler against a real store:
// an unknown parameter, a malformed request, a missing or wrong credential and an oversized
// body all answer the one error shape (lib/http/error.ts), with no stack trace, and every
// route is counted in /metrics. The table is the OpenAPI document itself: a route added
// there is tested here without a new line.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPENAPI } from "../../lib/api/openapi";
import { setStoreForTests } from "../../lib/server/store";
import type { Store } from "../../lib/store/open";
import { storeFactories } from "../helpers/stores";
import { api } from "../helpers/volunteer-api";

type Handler = (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Operation = { security?: Record<string, unknown>[]; requestBody?: unknown; parameters?: { in?: string; name?: string; $ref?: string }[] };

const OPERATOR = "operator-token-0123456789abcdef";
const ORIGIN = "http://vantage.test";
/** Concrete values for the documented path parameters. */
const SAMPLE_PATH_VALUES: Record<string, string> = { id: "00000000-0000-4000-8000-000000000000", day: "2026-02-01" };
/** What a malformed path parameter looks like, per parameter (routes whose path is checked). */
const BAD_PATH_VALUES: Record<string, string> = { "/api/v1/measurements/{id}": "not-a-uuid", "/api/v1/dumps/{day}.jsonl.gz": "yesterday" };

/** app/**\/route.ts as [pattern, file]: the address Next.js serves each on. */
function routeFiles(): [RegExp, string][] {
  const out: [RegExp, string][] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "route.ts") {
        const address = path.relative("app", path.dirname(p)).split(path.sep).map((s) => s.replace(/^\[(\w+)\]$/, "(?<$1>[^/]+)"));
        out.push([new RegExp(`^/${address.join("/")}$`), path.resolve(p)]);
      }
    }
  };
  walk("app");
  // As Next.js matches: a static segment wins over a dynamic one (/probes/enroll, not /probes/{id}).
  return out.sort(([a], [b]) => a.source.split("(?<").length - b.source.split("(?<").length);
}

async function handlerFor(method: string, pathname: string): Promise<{ handler: Handler; params: Record<string, string> }> {
  for (const [pattern, file] of routeFiles()) {
    const m = pattern.exec(pathname);
    if (!m) continue;
    const mod = (await import(file)) as Record<string, Handler | undefined>;
    const handler = mod[method.toUpperCase()];
    if (!handler) throw new Error(`${file} has no ${method.toUpperCase()}`);
    return { handler, params: { ...m.groups } };
  }
  throw new Error(`no route file serves ${pathname}`);
}

function concrete(template: string, bad = false): string {
  if (bad && BAD_PATH_VALUES[template]) return template.replace(/\{\w+\}/, BAD_PATH_VALUES[template]);
  return template.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE_PATH_VALUES[name]);
}

const operations = Object.entries(OPENAPI.paths as Record<string, Record<string, Operation>>).flatMap(([template, ops]) =>
  Object.entries(ops).map(([method, op]) => ({ template, method: method.toUpperCase(), op, scheme: Object.keys(op.security?.[0] ?? {})[0] as string | undefined })),
);

function expectErrorShape(status: number, body: unknown, text: string): void {
  const keys = Object.keys(body as object).sort();
  expect(keys, text).toEqual(status === 429 ? ["code", "error", "issues", "retry_after_s"] : ["code", "error", "issues"]);
  const { error, code, issues } = body as { error: unknown; code: unknown; issues: unknown[] };
  expect(typeof error).toBe("string");
  expect(code).toMatch(/^[a-z_]+$/);
  expect(Array.isArray(issues)).toBe(true);
  for (const issue of issues) {
    expect(Object.keys(issue as object).sort()).toEqual(["in", "message", "path"]);
    expect(["query", "path", "header", "body"]).toContain((issue as { in: string }).in);
  }
  expect(text, "no stack trace").not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  expect(status).toBeGreaterThanOrEqual(400);
}

for (const factory of storeFactories()) {
  describe(`the API edge on ${factory.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const credentials: Record<string, string> = { operator: OPERATOR };

    beforeAll(async () => {
      ({ store, dispose } = await factory.create());
      setStoreForTests(store);
      process.env.VANTAGE_OPERATOR_TOKEN = OPERATOR;
      process.env.VANTAGE_MAX_BATCH_BYTES = "1024";
      const account = await api("POST", "/api/v1/probes/accounts", { body: { contact: null } });
      const probe = { name: "Edge Pi", country: "RU", region: "Moscow", asn: 12389, asn_name: "Rostelecom", network_type: "fixed" };
      const registered = await api("POST", "/api/v1/probes", { auth: account.body.key, body: probe, from: "10.99.0.1" });
      const enrolled = await api("POST", "/api/v1/probes/enroll", { body: { token: registered.body.enrollment_token } });
      Object.assign(credentials, { owner: account.body.key, probe: enrolled.body.credential });
      expect(Object.values(credentials).every(Boolean)).toBe(true);
    }, 120_000);
    afterAll(async () => {
      delete process.env.VANTAGE_OPERATOR_TOKEN;
      delete process.env.VANTAGE_MAX_BATCH_BYTES;
      setStoreForTests(null);
      await dispose?.();
    });

    async function call(method: string, pathname: string, options: { query?: string; auth?: string | null; body?: string } = {}) {
      const { handler, params } = await handlerFor(method, pathname);
      const headers: Record<string, string> = { "x-forwarded-for": "10.99.0.2" };
      if (options.auth) headers.authorization = `Bearer ${options.auth}`;
      if (options.body !== undefined) headers["content-type"] = "application/json";
      const request = new Request(`${ORIGIN}${pathname}${options.query ?? ""}`, { method, headers, body: options.body });
      const response = await handler(request, { params: Promise.resolve(params) });
      const text = await response.text();
      const isJson = response.headers.get("content-type")?.startsWith("application/json");
      return { status: response.status, text, body: isJson ? (JSON.parse(text) as unknown) : null };
    }

    it.each(operations.map((o) => [`${o.method} ${o.template}`, o] as const))("%s: an unknown parameter is a 400 naming it", async (_, o) => {
      const r = await call(o.method, concrete(o.template), { query: "?no_such_parameter=1", auth: o.scheme ? credentials[o.scheme] : null });
      expect(r.status, r.text).toBe(400);
      expectErrorShape(r.status, r.body, r.text);
      expect((r.body as { issues: unknown[] }).issues).toContainEqual({ in: "query", path: "no_such_parameter", message: expect.any(String) });
    });

    /** The first query parameter an operation documents, by its real name. */
function queryParameter(op: Operation): string | undefined {
  const components = OPENAPI.components.parameters as Record<string, { name: string }>;
  for (const p of op.parameters ?? []) {
    if (p.$ref) return components[p.$ref.split("/").pop()!].name;
    if (p.in === "query") return p.name;
  }
  return undefined;
}

const malformable = operations.filter((o) => o.op.requestBody || BAD_PATH_VALUES[o.template] || queryParameter(o.op));
    it.each(malformable.map((o) => [`${o.method} ${o.template}`, o] as const))("%s: a malformed request is a 400 in the one shape", async (_, o) => {
      const auth = o.scheme ? credentials[o.scheme] : null;
      let r;
      if (o.op.requestBody) {
        r = await call(o.method, concrete(o.template), { auth, body: "{not json" });
      } else if (BAD_PATH_VALUES[o.template]) {
        r = await call(o.method, concrete(o.template, true), { auth });
      } else {
        // A query parameter given twice: every parameter takes one value.
        const name = queryParameter(o.op)!;
        r = await call(o.method, concrete(o.template), { auth, query: `?${name}=1&${name}=2` });
      }
      expect(r.status, r.text).toBe(400);
      expectErrorShape(r.status, r.body, r.text);
    });

    const secured = operations.filter((o) => o.scheme);
    it.each(secured.map((o) => [`${o.method} ${o.template} (${o.scheme})`, o] as const))("%s: a missing or wrong credential is a 401", async (_, o) => {
      for (const auth of [null, "wrong-credential-0123456789abcdef"]) {
        const r = await call(o.method, concrete(o.template), { auth, body: o.op.requestBody ? "{}" : undefined });
        expect(r.status, `${auth}: ${r.text}`).toBe(401);
        expectErrorShape(r.status, r.body, r.text);
        expect((r.body as { issues: unknown[] }).issues).toContainEqual({ in: "header", path: "authorization", message: expect.any(String) });
      }
    });

    const withBody = operations.filter((o) => o.op.requestBody);
    it.each(withBody.map((o) => [`${o.method} ${o.template}`, o] as const))("%s: an oversized body is a 413", async (_, o) => {
      const auth = o.scheme ? credentials[o.scheme] : null;
      const r = await call(o.method, concrete(o.template), { auth, body: JSON.stringify({ padding: "x".repeat(70_000) }) });
      expect(r.status, r.text).toBe(413);
      expectErrorShape(r.status, r.body, r.text);
    });

    it("answers 403 in the one shape when the operator API is disabled", async () => {
      delete process.env.VANTAGE_OPERATOR_TOKEN;
      try {
        for (const o of operations.filter((op) => op.scheme === "operator")) {
          const r = await call(o.method, concrete(o.template), { auth: OPERATOR, body: o.op.requestBody ? "{}" : undefined });
          expect(r.status, `${o.method} ${o.template}`).toBe(403);
          expectErrorShape(r.status, r.body, r.text);
          expect((r.body as { code: string }).code).toBe("operator_disabled");
        }
      } finally {
        process.env.VANTAGE_OPERATOR_TOKEN = OPERATOR;
      }
    });

    it("counts every route of the document in /metrics", async () => {
      for (const o of operations) await call(o.method, concrete(o.template), { query: "?no_such_parameter=1" });
      const r = await call("GET", "/metrics");
      expect(r.status).toBe(200);
      for (const template of Object.keys(OPENAPI.paths)) {
        expect(r.text, template).toContain(`vantage_http_requests_total{route="${template}",status="400"}`);
        expect(r.text, template).toContain(`vantage_http_request_duration_seconds_count{route="${template}"}`);
      }
    });
  });
}
