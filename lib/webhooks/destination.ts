// Where a webhook may be sent. A subscription names any URL, so without a check the server
// could be made to POST into its own private network; by default a destination that is,
// or resolves to, a loopback, private or link-local address is refused, at registration and
// again at each delivery (a name can be re-pointed). VANTAGE_WEBHOOK_ALLOW_PRIVATE=true
// lifts that, for tests and for operators whose receivers are internal.
import { lookup } from "node:dns/promises";
import { config } from "../config";
import { isBogon, isIp } from "../net/ip";

export const MAX_URL_LENGTH = 2_000;

export function privateDestinationsAllowed(): boolean {
  return config().VANTAGE_WEBHOOK_ALLOW_PRIVATE;
}

/** A reason the URL cannot receive webhooks, or null (pure: no name resolution). */
export function webhookUrlProblem(text: string, allowPrivate: boolean): string | null {
  if (text.length > MAX_URL_LENGTH) return `at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "not an absolute URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an http or https URL";
  if (url.username || url.password) return "must not carry a user name or password";
  if (url.hash) return "must not have a #fragment";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!allowPrivate && (host === "localhost" || host.endsWith(".localhost") || (isIp(host) && isBogon(host)))) {
    return "points to a private or loopback address";
  }
  return null;
}

/** Resolves the URL's host and refuses private answers unless allowed: the delivery-time check. */
export async function destinationProblem(text: string, allowPrivate = privateDestinationsAllowed()): Promise<string | null> {
  const pure = webhookUrlProblem(text, allowPrivate);
  if (pure || allowPrivate) return pure;
  const host = new URL(text).hostname.replace(/^\[|\]$/g, "");
  if (isIp(host)) return null;
  try {
    const answers = await lookup(host, { all: true });
    return answers.some((a) => isBogon(a.address)) ? "resolves to a private or loopback address" : null;
  } catch (e) {
    return `cannot resolve ${host} (${(e as NodeJS.ErrnoException).code ?? "error"})`;
  }
}
