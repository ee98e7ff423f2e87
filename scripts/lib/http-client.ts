// A small HTTP client for the scale-out tests and bench: each request may leave from a
// loopback address of its own (127.N.M.1), which a load balancer then passes on in
// X-Forwarded-For, so one machine can act as clients in many networks.
import http from "node:http";

export interface Answer {
  status: number;
  /** Parsed JSON, or null for a body that is not JSON (a page). */
  body: any;
  text: string;
}

export function request(
  url: string,
  method: string,
  options: { auth?: string; body?: unknown; from?: string; agent?: http.Agent } = {},
): Promise<Answer> {
  const payload = options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        localAddress: options.from ?? "127.0.0.1",
        agent: options.agent ?? false,
        headers: {
          ...(options.auth ? { authorization: `Bearer ${options.auth}` } : {}),
          ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown = null;
          try {
            body = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body, text });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.end(payload);
  });
}

/** Loopback addresses, each in a /24 of its own: 127.1.1.1, 127.1.2.1, ... */
export function loopbackNetworks(): () => string {
  let n = 0;
  return () => {
    n++;
    return `127.${1 + (n >> 8)}.${n & 255}.1`;
  };
}
