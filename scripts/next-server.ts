// Vantage's HTTP server: Next.js behind a plain Node server, run by serve-site.ts (the body
// of `npm start`). It exists because Next.js gives route handlers no socket: here every
// request gets the socket peer's address stamped by lib/net/peer (a client's copy of those
// headers is removed first, so no header can spoof the address every limit uses), and
// every response starts with the security headers of lib/security/headers.
// Settings (lib/config): PORT, HOST, VANTAGE_TRUSTED_PROXIES.
import http from "node:http";
import next from "next";
import { config, type Config } from "../lib/config";
import { stampPeerOnNode } from "../lib/net/peer";
import { securityHeaders } from "../lib/security/headers";

const development = process.argv.includes("--dev");
let settings: Config;
try {
  settings = config(); // a bad value (VANTAGE_TRUSTED_PROXIES, ...) stops the start, not every request
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
}
const { PORT: port, HOST: hostname } = settings;

const app = next({ dev: development, hostname, port, dir: process.cwd() });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  stampPeerOnNode(req.headers, req.socket.remoteAddress);
  const pathname = (req.url ?? "/").split("?")[0];
  for (const [name, value] of Object.entries(securityHeaders(pathname, development))) res.setHeader(name, value);
  handle(req, res).catch((error: unknown) => {
    console.error(`request ${req.method} ${pathname} failed: ${(error as Error).message}`);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "internal error", issues: [] }));
  });
});
server.listen(port, hostname, () => console.error(`listening on ${hostname}:${port}`));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    void app.close().finally(() => process.exit(0));
  });
}
