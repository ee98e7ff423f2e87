// The one-line install-and-enroll command a volunteer pastes on the probe's machine.

/** The server's public origin: VANTAGE_PUBLIC_URL, else the request's own origin. */
export function publicOrigin(request: Request): string {
  const configured = process.env.VANTAGE_PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, "");
  return new URL(request.url).origin;
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
