// The one-line install-and-enroll command a volunteer pastes on the probe's machine.
import { config } from "@/lib/config";

/**
 * The server's public origin: VANTAGE_PUBLIC_URL. Only in development and tests
 * (NODE_ENV not "production") does it fall back to the origin the client asked for (the
 * X-Forwarded-Host/-Proto set from the Host header; not `request.url`, which Next.js builds
 * on "localhost"). In production a request's Host never reaches an install command: without
 * VANTAGE_PUBLIC_URL it is the server's own listening address (npm start warns about it).
 */
export function publicOrigin(request: Request): string {
  const configured = config().VANTAGE_PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, "");
  if (process.env.NODE_ENV === "production") return listeningOrigin();
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

export function installCommand(origin: string, token: string): string {
  const dir = "$HOME/vantage-probe";
  return (
    `mkdir -p ${dir} && curl -fsSL ${shellQuote(`${origin}/api/v1/probes/bundle`)} | tar -xz -C ${dir} && ` +
    `node ${dir}/probe.mjs enroll --server ${shellQuote(origin)} --token ${shellQuote(token)}`
  );
}
