// The one-line command a volunteer pastes on the probe's machine: download the bundle,
// check its SHA-256 against the value the page shows, unpack, then `probe install` (enroll,
// and start as a systemd user service where there is one, in the foreground otherwise).
import { config } from "@/lib/config";
import { bundlePath, publishedBundle } from "./bundle";

/**
 * The server's public origin: VANTAGE_PUBLIC_URL. Only in development and tests
 * (NODE_ENV not "production") does it fall back to the origin the client asked for (the
 * X-Forwarded-Host/-Proto set from the Host header; not `request.url`, which Next.js builds
 * on "localhost"). In production a request's Host never reaches an install command: without
 * VANTAGE_PUBLIC_URL it is the server's own listening address (npm start warns about it).
 */
/** Also called by pages with their request headers (components/site/page-origin.ts). */
export function publicOrigin(request: { url: string; headers: Pick<Headers, "get"> }): string {
  const configured = config().VANTAGE_PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, "");
  if (config().NODE_ENV === "production") return listeningOrigin();
  const url = new URL(request.url);
  const first = (name: string) => request.headers.get(name)?.split(",")[0].trim() || null;
  const host = first("x-forwarded-host") ?? first("host");
  const proto = first("x-forwarded-proto") ?? url.protocol.slice(0, -1);
  if (host && /^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(host) && (proto === "http" || proto === "https")) return `${proto}://${host}`;
  return url.origin;
}

/** http://HOST:PORT as the server listens (all interfaces read as localhost). */
export function listeningOrigin(): string {
  const { HOST: host, PORT: port } = config();
  const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/** Quoted for a POSIX shell: the origin comes from configuration or the Host header. */
function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function installCommand(origin: string, token: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
  const tarball = `"$HOME/vantage-probe.tar.gz"`;
  return (
    `curl -fsSL ${shellQuote(origin + bundlePath(sha256))} -o ${tarball} && ` +
    `echo "${sha256}  $HOME/vantage-probe.tar.gz" | sha256sum -c - && ` +
    `mkdir -p "$HOME/vantage-probe" && tar -xzf ${tarball} -C "$HOME/vantage-probe" && rm ${tarball} && ` +
    `node "$HOME/vantage-probe/probe.mjs" install --server ${shellQuote(origin)} --token ${shellQuote(token)}`
  );
}

/**
 * The command for this request's origin and the bundle published now; without a built
 * bundle, none (the token still enrolls a probe installed by hand), and why.
 */
export async function installCommandFor(request: Request, token: string): Promise<{ command: string; sha256: string } | { command: null; sha256: null; why: string }> {
  const bundle = await publishedBundle();
  if (!bundle) return { command: null, sha256: null, why: "the probe bundle has not been built on this server (run npm run probe:bundle)" };
  return { command: installCommand(publicOrigin(request), token, bundle.sha256), sha256: bundle.sha256 };
}
