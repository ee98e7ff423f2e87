// One way to send a JSON notice over HTTP, shared by the probes' offline notices and the
// event webhooks: a POST with a timeout, whose outcome is a value (never a throw), so a
// caller decides whether to log, retry or give up.

export interface PostOutcome {
  ok: boolean;
  /** HTTP status, or null when no answer came (refused, timed out, bad URL). */
  status: number | null;
  /** What went wrong, short, for logs and the delivery record; null when ok. */
  error: string | null;
}

export interface PostOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** false: a redirect is an answer, not followed (a webhook must not be sent elsewhere). */
  followRedirects?: boolean;
}

export async function postJson(url: string, body: string, options: PostOptions = {}): Promise<PostOutcome> {
  const { headers = {}, timeoutMs = 10_000, followRedirects = true } = options;
  try {
    const r = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
      redirect: followRedirects ? "follow" : "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await r.body?.cancel().catch(() => {});
    return r.ok ? { ok: true, status: r.status, error: null } : { ok: false, status: r.status, error: `answered ${r.status}` };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    return { ok: false, status: null, error: err.cause?.code ?? err.message };
  }
}
