// lib/http, the request edge, on its own: the one error shape, a 500 that hides the
// failure's internals, the query parser on zod, the bounded body reader, the operator check.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { HttpError, parseJsonText, readBodyText, route, zodQuery } from "../../lib/http";
import { requireOperator } from "../../lib/http/auth";

const request = (query = "", init: RequestInit = {}) => new Request(`http://localhost/x${query}`, init);

async function errorOf(promise: Promise<Response>) {
  const response = await promise;
  return { status: response.status, text: await response.clone().text(), body: await response.json() };
}

describe("lib/http", () => {
  it("answers a thrown HttpError in the one shape, with its headers", async () => {
    const handler = route("/x", {}, () => {
      throw new HttpError(429, "slow down", { headers: { "retry-after": "5" } });
    });
    const response = await handler(request());
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toEqual({ error: "slow down", code: "rate_limited", issues: [] });
  });

  it("answers any other failure with a 500 that carries no stack, message or file name", async () => {
    const handler = route("/x", {}, () => {
      throw new Error("password authentication failed for user vantage at /srv/app/lib/store/open.ts:12");
    });
    const r = await errorOf(handler(request()));
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ error: "internal error; the server log has the details", code: "internal_error", issues: [] });
    expect(r.text).not.toMatch(/password|open\.ts|\bat\b/);
  });

  it("parses the query on zod: unknown, repeated and bad parameters are issues naming them", async () => {
    const parse = zodQuery(z.strictObject({ limit: z.coerce.number().int().max(10).optional(), q: z.string().optional() }));
    expect(parse(new URLSearchParams("limit=5&q="))).toEqual({ ok: true, value: { limit: 5 } });
    const handler = route("/x", { query: parse }, ({ query }) => Response.json(query));
    const r = await errorOf(handler(request("?limit=50&colour=red&q=a&q=b")));
    expect(r.status).toBe(400);
    expect(r.body.issues.map((i: { in: string; path: string }) => `${i.in}:${i.path}`).sort()).toEqual(["query:colour", "query:limit", "query:q"]);
    expect(r.body.error).toMatch(/colour/);
  });

  it("reads a body up to its limit and refuses past it while counting (no Content-Length needed)", async () => {
    expect(await readBodyText(request("", { method: "POST", body: "abc" }), 3)).toBe("abc");
    const big = request("", { method: "POST", body: new Blob(["x".repeat(5000)]).stream(), duplex: "half" } as RequestInit);
    await expect(readBodyText(big, 4096)).rejects.toMatchObject({ status: 413, issues: [{ in: "body", path: "" }] });
    const declared = request("", { method: "POST", headers: { "content-length": "999999" }, body: "x" });
    await expect(readBodyText(declared, 10)).rejects.toMatchObject({ status: 413 });
  });

  it("names every bad field of a JSON body", () => {
    const schema = z.strictObject({ a: z.number(), b: z.object({ c: z.string() }) });
    expect(() => parseJsonText("{", schema)).toThrow(/not valid JSON/);
    try {
      parseJsonText('{"a":"1","b":{"c":2}}', schema);
      expect.unreachable();
    } catch (error) {
      expect((error as HttpError).issues.map((i) => i.path)).toEqual(["a", "b.c"]);
    }
  });

  it("checks the operator token: disabled, missing, malformed, wrong, right", () => {
    const secret = "a-long-operator-secret";
    const withAuth = (value: string | null) => request("", value ? { headers: { authorization: value } } : {});
    expect(() => requireOperator(withAuth(`Bearer ${secret}`), undefined)).toThrow(expect.objectContaining({ status: 403, code: "operator_disabled" }));
    expect(() => requireOperator(withAuth(null), secret)).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => requireOperator(withAuth(`Basic ${secret}`), secret)).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => requireOperator(withAuth(`Bearer ${secret.slice(1)}`), secret)).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => requireOperator(withAuth(`Bearer ${secret}`), secret)).not.toThrow();
  });
});
