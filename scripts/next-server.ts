// Vantage's HTTP server: Next.js behind a plain Node server, run by serve-site.ts (the body
// of `npm start`). It exists because Next.js gives route handlers no socket: here every
// request gets the socket peer's address stamped by lib/net/peer (a client's copy of those
// headers is removed first, so no header can spoof the address every limit uses), and
// every response starts with the security headers of lib/security/headers.
// Settings: PORT, HOST, VANTAGE_TRUSTED_PROXIES and the rest of lib/config, checked here.
import http from "node:http";
import next from "next";
import { config } from "../lib/config";
import { stampPeerOnNode } from "../lib/net/peer";
import { closeServerStore } from "../lib/server/store";
import { securityHeaders } from "../lib/security/headers";

const development = process.argv.includes("--dev");
let settings;
try {
  settings = config(); // a bad setting (a malformed proxy list...) stops the start, not every request
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
    res.end(JSON.stringify({ error: "internal error", code: "internal_error", issues: [] }));
  });
});
server.listen(port, hostname, () => console.error(`listening on ${hostname}:${port}`));
// On a signal: stop listening (the port is free at once), end open connections, close
// Next.js and the store (PGlite's lock is released), then exit; a hung close gives up after 10 s.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    setTimeout(() => process.exit(1), 10_000).unref();
    server.close();
    server.closeAllConnections();
    void Promise.allSettled([app.close(), closeServerStore()]).finally(() => process.exit(0));
  });
}
