// One way to send a JSON notice over HTTP, shared by the probes' offline notices and the
// event webhooks: a POST with a timeout, whose outcome is a value (never a throw), so a
// caller decides whether to log, retry or give up.

export interface PostOutcome {
  ok: boolean;
  /** HTTP status, or null when no answer came (refused, timed out, bad URL). */
  status: number | null;
  /** What went wrong, short, for logs and the delivery record; null when ok. */
  error: string | null;
  /** The answer's body, at most `readBody` bytes of it, when asked for (else undefined). */
  body?: string;
}

export interface PostOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** false: a redirect is an answer, not followed (a webhook must not be sent elsewhere). */
  followRedirects?: boolean;
  /** Read up to this many bytes of the answer's body (a webhook verification's echo); default: discard it. */
  readBody?: number;
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
    const text = options.readBody ? await readAtMost(r, options.readBody) : (await r.body?.cancel().catch(() => {}), undefined);
    return r.ok ? { ok: true, status: r.status, error: null, body: text } : { ok: false, status: r.status, error: `answered ${r.status}`, body: text };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    return { ok: false, status: null, error: err.cause?.code ?? err.message };
  }
}

/** The first `limit` bytes of a body as UTF-8; the rest is not read. */
async function readAtMost(r: Response, limit: number): Promise<string> {
  if (!r.body) return "";
  const reader = r.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel().catch(() => {});
  return Buffer.concat(chunks).subarray(0, limit).toString("utf8");
}
