// The one-line install-and-enroll command a volunteer pastes on the probe's machine.
import { config } from "@/lib/config";

/**
 * The server's public origin: VANTAGE_PUBLIC_URL, else the origin the client asked for (the
 * X-Forwarded-Host/-Proto a proxy or Next.js's own server set from the Host header; not
 * `request.url`, which `next start` builds on "localhost"), else the request's URL.
 */
export function publicOrigin(request: Request): string {
  const configured = config().VANTAGE_PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const url = new URL(request.url);
  const first = (name: string) => request.headers.get(name)?.split(",")[0].trim() || null;
  const host = first("x-forwarded-host") ?? first("host");
  const proto = first("x-forwarded-proto") ?? url.protocol.slice(0, -1);
  if (host && /^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(host) && (proto === "http" || proto === "https")) return `${proto}://${host}`;
  return url.origin;
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
