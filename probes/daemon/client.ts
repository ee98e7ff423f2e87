// The probe's side of the volunteer API. Every call returns an outcome the daemon can act
// on; network errors, timeouts and 5xx are "retry", never thrown.
import { enrollResponseSchema, ingestResponseSchema, probeConfigResponseSchema, type ProbeConfigResponse } from "../../lib/volunteers/requests";

export type UploadOutcome =
  | { kind: "acked"; stored: string[]; duplicates: string[] }
  /** 400: indexes of the records the server named (empty: the batch as a whole). */
  | { kind: "invalid"; indexes: number[]; message: string }
  | { kind: "conflict"; ids: string[]; message: string }
  | { kind: "too_large"; message: string }
  /** 401/403: unknown, paused or revoked; uploading waits for the next config check. */
  | { kind: "refused"; status: number; message: string }
  | { kind: "retry"; message: string; retryAfterMs: number | null };

export interface ApiClientOptions {
  server: string;
  credential: string | null;
  timeoutMs?: number;
}

export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  private async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any; headers: Headers } | { error: string }> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.options.credential) headers.authorization = `Bearer ${this.options.credential}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers["content-type"] = "application/json";
    }
    try {
      const response = await fetch(new URL(path, this.options.server), {
        method,
        headers,
        body: payload,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
      });
      const text = await response.text();
      let json: any = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = { error: text.slice(0, 200) };
      }
      return { status: response.status, json, headers: response.headers };
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      return { error: cause ?? (e as Error).message };
    }
  }

  async enroll(token: string, softwareVersion: string): Promise<{ probe_id: string; credential: string }> {
    const r = await this.call("POST", "/api/v1/probes/enroll", { token, software_version: softwareVersion });
    if ("error" in r) throw new Error(`cannot reach ${this.options.server}: ${r.error}`);
    if (r.status !== 200) throw new Error(`enrollment refused (${r.status}): ${r.json?.error ?? "no reason given"}`);
    return enrollResponseSchema.parse(r.json);
  }

  async config(): Promise<{ ok: true; config: ProbeConfigResponse } | { ok: false; status: number | null; message: string }> {
    const r = await this.call("GET", "/api/v1/probes/me/config");
    if ("error" in r) return { ok: false, status: null, message: r.error };
    if (r.status !== 200) return { ok: false, status: r.status, message: r.json?.error ?? `HTTP ${r.status}` };
    const parsed = probeConfigResponseSchema.safeParse(r.json);
    if (!parsed.success) return { ok: false, status: r.status, message: `unexpected config: ${parsed.error.issues[0]?.message}` };
    return { ok: true, config: parsed.data };
  }

  async heartbeat(beat: { queued: number; software_version: string; budget_exhausted: boolean }): Promise<{ ok: boolean; message: string }> {
    const r = await this.call("POST", "/api/v1/probes/me/heartbeat", beat);
    if ("error" in r) return { ok: false, message: r.error };
    return { ok: r.status === 200, message: r.status === 200 ? "ok" : `${r.status} ${r.json?.error ?? ""}` };
  }

  /** A file from the server (the probe bundle), or why not. */
  async download(path: string): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; message: string }> {
    try {
      const response = await fetch(new URL(path, this.options.server), { signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000) });
      if (!response.ok) return { ok: false, message: `${response.status} ${(await response.text()).slice(0, 200)}` };
      return { ok: true, bytes: new Uint8Array(await response.arrayBuffer()) };
    } catch (e) {
      return { ok: false, message: (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message };
    }
  }

  async upload(records: unknown[]): Promise<UploadOutcome> {
    const r = await this.call("POST", "/api/v1/measurements", { records });
    if ("error" in r) return { kind: "retry", message: r.error, retryAfterMs: null };
    const message = `${r.status} ${r.json?.error ?? ""}`.trim();
    switch (r.status) {
      case 200: {
        const parsed = ingestResponseSchema.safeParse(r.json);
        if (!parsed.success) return { kind: "retry", message: "unexpected answer to an upload", retryAfterMs: null };
        return { kind: "acked", ...parsed.data };
      }
      case 400: {
        const indexes = new Set<number>();
        for (const issue of (r.json?.issues ?? []) as { path?: string }[]) {
          const m = /^records\.(\d+)(\.|$)/.exec(issue.path ?? "");
          if (m) indexes.add(Number(m[1]));
        }
        return { kind: "invalid", indexes: [...indexes].sort((a, b) => a - b), message };
      }
      case 409:
        return { kind: "conflict", ids: JSON.stringify(r.json?.issues ?? []).match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [], message };
      case 413:
        return { kind: "too_large", message };
      case 401:
      case 403:
        return { kind: "refused", status: r.status, message };
      default: {
        const after = Number(r.headers.get("retry-after"));
        return { kind: "retry", message, retryAfterMs: Number.isFinite(after) && after > 0 ? after * 1000 : null };
      }
    }
  }
}
