// A reverse proxy for the kernel tier: listens on RELAY_LISTEN ("ip:port", inside the
// servers' network namespace) and passes every HTTP request on to the Unix socket
// RELAY_SOCKET, adding the client's address to X-Forwarded-For as nginx's
// proxy_add_x_forwarded_for does. A Unix socket crosses network namespaces, so a server
// on the host's loopback receives a probe's requests as it would behind a real proxy: the
// probe's own address included. Prints "ready" once listening, then "forwarded ADDRESS"
// for every request it passes on; stops on SIGTERM.
import http from "node:http";

const [host, port] = (process.env.RELAY_LISTEN ?? "").split(/:(?=\d+$)/);
const socketPath = process.env.RELAY_SOCKET;
if (!host || !port || !socketPath) {
  process.stderr.write("tests/lab/http-relay.ts needs RELAY_LISTEN=ip:port and RELAY_SOCKET=path\n");
  process.exit(2);
}

const server = http.createServer((req, res) => {
  const client = req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "";
  const forwarded = req.headers["x-forwarded-for"];
  const headers = { ...req.headers, "x-forwarded-for": forwarded ? `${forwarded}, ${client}` : client };
  process.stdout.write(`forwarded ${client}\n`);
  const upstream = http.request({ socketPath, method: req.method, path: req.url, headers }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  upstream.on("error", () => {
    if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "relay: upstream unreachable", issues: [] }));
  });
  req.pipe(upstream);
});
server.listen(Number(port), host, () => process.stdout.write("ready\n"));
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
