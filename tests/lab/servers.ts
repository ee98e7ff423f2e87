// The lab's stand-ins: one small TCP server per behaviour. Healthy servers imitate each
// service's answers (status codes, redirects, the WebSocket upgrade, static objects); the
// others each do one censorship technique that user space can do honestly (refuse, reset,
// reset on a ClientHello's SNI, present a rogue certificate, serve a block page, cut a
// body, stall or pace a download). The echo stand-ins answer like the healthy ones and also
// tell the client its own address, in headers and body, as many real sites do: the privacy
// test proves none of it ends up stored.
import { createHash } from "node:crypto";
import http from "node:http";
import net from "node:net";
import { Duplex } from "node:stream";
import tls from "node:tls";
import { isIp } from "../../lib/net/ip";
import { serviceTargets, targetPlaces } from "../../lib/targets";
import { roundTripFloorMs } from "../../lib/verdict/middlebox";
import { parseSni, recordLength } from "./client-hello";
import type { LabCerts } from "./certs";

/**
 * "web"/"plain" serve the controls; "web-b"/"plain-b" are the same stand-ins on other
 * ports for the services, so the kernel tier can filter service traffic by port alone.
 * "echo"/"echo-plain" are healthy stand-ins that echo the client's address.
 */
export const SERVER_NAMES = [
  "web", "web-b", "plain", "plain-b", "refused", "tcp-reset", "tls-reset-any", "sni-filter", "wrong-cert",
  "blockpage-tls", "blockpage-plain", "midbody-tls", "midbody-plain", "stall-tls", "paced-tls", "echo", "echo-plain",
  "middlebox-404", "blockpage-isp-tls", "blockpage-isp-plain", "lookalike-tls", "lookalike-plain",
] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/** Service answers the lab can vary per case (harmless quirks). */
export interface Quirks {
  whatsappWebStatus: number;
  registrationStatus: number;
  dcStatus: number;
}
export const DEFAULT_QUIRKS: Quirks = { whatsappWebStatus: 200, registrationStatus: 200, dcStatus: 404 };

/** Size of every static object; larger than the probe's 256 KiB cap, like the real control. */
export const OBJECT_BYTES = 300 * 1024;
export const STALL_AFTER_BYTES = 16 * 1024;
/** 128 kbit/s, written as 1600 bytes every 100 ms. */
export const PACED_BYTES_PER_TICK = 1600;
export const PACED_TICK_MS = 100;

/** Where the lab's probe notionally sits (its controls are Russia's): Moscow. */
export const LAB_PLACE = { lat: 55.75, lon: 37.62 };
/** Real paths are longer than great circles and routers add time: a round trip takes this much more than light in fibre. */
const PATH_STRETCH = 1.4;

/**
 * How long a healthy data centre takes to answer the lab's probe: the round trip from
 * LAB_PLACE to the address's site (lib/targets), as the real ones do. Without it every
 * stand-in would answer from the same loopback in microseconds, as only a middlebox can
 * (rule H5). Zero for an address without a known site.
 */
export function siteDelayMs(ip: string): number {
  for (const [id, place] of targetPlaces("telegram")) {
    if (serviceTargets("telegram").some((t) => t.id === id && t.host === ip)) {
      return Math.round(PATH_STRETCH * roundTripFloorMs(LAB_PLACE, place));
    }
  }
  return 0;
}

const RKN_STUB = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Доступ ограничен</title></head><body>
<p>Доступ к информационному ресурсу ограничен на основании Федерального закона от 27.07.2006 № 149-ФЗ.</p>
<p>Проверить наличие ресурса в Едином реестре: <a href="http://eais.rkn.gov.ru/">eais.rkn.gov.ru</a></p></body></html>`;

/**
 * A regional ISP's stub as OONI's fingerprint set knows it (`ooni.ru_8`, by its title), and
 * as the probe's old hand-written list never did: it names no registry and no redirect host.
 */
export const ISP_STUB = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Орион телеком :: ДОСТУП ЗАПРЕЩЕН</title></head>
<body><p>Ресурс, к которому вы обращаетесь, недоступен для абонентов сети.</p></body></html>`;

/**
 * A plausible page that is not the service's answer and that no fingerprint knows: what a
 * portal, a parking page or a censor's own new stub looks like (H6 reads it by the target's
 * response profile alone).
 */
export const LOOKALIKE_PAGE = `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Технические работы</title></head>
<body><h1>Сервис временно недоступен</h1><p>Мы проводим плановые работы. Пожалуйста, повторите попытку позже.</p>
${"<p>&nbsp;</p>".repeat(120)}</body></html>`;

type Body = "service" | "blockpage" | "blockpage-isp" | "lookalike" | "midbody" | "echo";
type Objects = "normal" | "stall" | "paced";

/** Forwards a raw socket into a TLS socket as a plain stream, so the raw socket stays ours to reset. */
class RawPipe extends Duplex {
  constructor(private readonly raw: net.Socket, first: Buffer | null) {
    super();
    if (first) this.push(first);
    raw.on("data", (d) => {
      if (!this.push(d)) raw.pause();
    });
    raw.on("end", () => this.push(null));
    raw.on("error", (e) => this.destroy(e));
    raw.on("close", () => this.destroy());
  }
  _read(): void {
    this.raw.resume();
  }
  _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.raw.destroyed) return cb();
    this.raw.write(chunk, () => cb());
  }
  _final(cb: () => void): void {
    this.raw.end();
    cb();
  }
  _destroy(err: Error | null, cb: (err: Error | null) => void): void {
    this.raw.destroy();
    cb(err);
  }
}

const rawOf = new WeakMap<object, net.Socket>();

function resetRaw(socket: object): void {
  const raw = rawOf.get(socket) ?? (socket instanceof net.Socket ? socket : null);
  if (raw && !raw.destroyed) raw.resetAndDestroy();
}

/** The address a client connected from, also through the TLS wrapper (whose socket has none). */
function clientAddress(socket: object): string {
  const raw = rawOf.get(socket) ?? (socket instanceof net.Socket ? socket : null);
  return raw?.remoteAddress?.replace(/^::ffff:/, "") ?? "unknown";
}

export class LabServers {
  quirks: Quirks = { ...DEFAULT_QUIRKS };
  /** Every client address the echo stand-ins told a client, in order. */
  readonly echoed: string[] = [];
  readonly ports = {} as Record<ServerName, number>;
  private readonly listeners: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly goodCtx: tls.SecureContext;
  private readonly rogueCtx: tls.SecureContext;

  constructor(
    readonly host: string,
    certs: LabCerts,
    /** host + path of every static object (service throughput objects, the control object). */
    private readonly objectPaths: ReadonlySet<string>,
    /** SNIs the sni-filter server resets on. */
    private readonly blockedSni: ReadonlySet<string>,
    /** Answers DNS-over-HTTPS queries (POST /dns-query on the healthy servers). */
    private readonly doh: (query: Buffer) => Buffer | null = () => null,
  ) {
    this.goodCtx = tls.createSecureContext({ key: certs.key, cert: certs.cert });
    this.rogueCtx = tls.createSecureContext({ key: certs.rogueKey, cert: certs.rogueCert });
  }

  async start(): Promise<void> {
    const web = this.httpServer("service", "normal");
    const tlsWith = (ctx: tls.SecureContext, h: http.Server) => (raw: net.Socket) => this.serveTls(raw, ctx, h, null);
    const plainWith = (h: http.Server) => (raw: net.Socket) => h.emit("connection", raw);
    const handlers: Record<Exclude<ServerName, "refused">, (raw: net.Socket) => void> = {
      web: tlsWith(this.goodCtx, web),
      "web-b": tlsWith(this.goodCtx, web),
      plain: plainWith(this.httpServer("service", "normal")),
      "plain-b": plainWith(this.httpServer("service", "normal")),
      "tcp-reset": (raw) => raw.resetAndDestroy(),
      "tls-reset-any": (raw) => raw.once("data", () => raw.resetAndDestroy()),
      "sni-filter": (raw) => this.sniFilter(raw, web),
      "wrong-cert": tlsWith(this.rogueCtx, web),
      "blockpage-tls": tlsWith(this.goodCtx, this.httpServer("blockpage", "normal")),
      "blockpage-plain": plainWith(this.httpServer("blockpage", "normal")),
      "blockpage-isp-tls": tlsWith(this.goodCtx, this.httpServer("blockpage-isp", "normal")),
      "blockpage-isp-plain": plainWith(this.httpServer("blockpage-isp", "normal")),
      "lookalike-tls": tlsWith(this.goodCtx, this.httpServer("lookalike", "normal")),
      "lookalike-plain": plainWith(this.httpServer("lookalike", "normal")),
      "midbody-tls": tlsWith(this.goodCtx, this.httpServer("midbody", "normal")),
      "midbody-plain": plainWith(this.httpServer("midbody", "normal")),
      "stall-tls": tlsWith(this.goodCtx, this.httpServer("service", "stall")),
      "paced-tls": tlsWith(this.goodCtx, this.httpServer("service", "paced")),
      echo: tlsWith(this.goodCtx, this.httpServer("echo", "normal")),
      "echo-plain": plainWith(this.httpServer("echo", "normal")),
      // A transparent middlebox: accepts every connection and answers the first bytes of
      // anything (an HTTP request, a TLS ClientHello) at once with an empty 404.
      "middlebox-404": (raw) => raw.once("data", () => raw.end("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")),
    };
    for (const [name, handle] of Object.entries(handlers) as [ServerName, (raw: net.Socket) => void][]) {
      const server = net.createServer((raw) => {
        this.sockets.add(raw);
        raw.on("close", () => this.sockets.delete(raw));
        raw.on("error", () => {});
        handle(raw);
      });
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, this.host, () => resolve());
      });
      this.listeners.push(server);
      this.ports[name] = (server.address() as net.AddressInfo).port;
    }
    // A port nothing listens on: bound once to pick a free number, then closed.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, this.host, () => resolve()));
    this.ports.refused = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.listeners.map((l) => new Promise<void>((resolve) => l.close(() => resolve()))));
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private serveTls(raw: net.Socket, secureContext: tls.SecureContext, handler: http.Server, first: Buffer | null): void {
    const secure = new tls.TLSSocket(new RawPipe(raw, first), { isServer: true, secureContext, ALPNProtocols: ["http/1.1"] });
    rawOf.set(secure, raw);
    secure.on("error", () => raw.destroy());
    secure.once("secure", () => handler.emit("connection", secure));
  }

  private sniFilter(raw: net.Socket, handler: http.Server): void {
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const need = recordLength(buf);
      if (need !== null && buf.length < need) return;
      raw.removeListener("data", onData);
      raw.pause();
      const sni = need === null ? null : parseSni(buf);
      if (sni && this.blockedSni.has(sni)) return raw.resetAndDestroy();
      this.serveTls(raw, this.goodCtx, handler, buf);
    };
    raw.on("data", onData);
  }

  private httpServer(body: Body, objects: Objects): http.Server {
    const server = http.createServer((req, res) => this.respond(req, res, body, objects));
    server.on("upgrade", (req: http.IncomingMessage, socket: net.Socket) => {
      const key = req.headers["sec-websocket-key"];
      if ((body !== "service" && body !== "echo") || typeof key !== "string" || !req.url?.startsWith("/websocket")) {
        socket.end("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        return;
      }
      const accept = createHash("sha1").update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
      const echo = body === "echo" ? `x-client-address: ${this.echo(socket)}\r\n` : "";
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-accept: ${accept}\r\n${echo}\r\n`);
      socket.on("error", () => {});
    });
    server.on("clientError", (_err, socket) => socket.destroy());
    return server;
  }

  /** Notes and returns the address of the client on `socket`. */
  private echo(socket: object): string {
    const address = clientAddress(socket);
    this.echoed.push(address);
    return address;
  }

  private respond(req: http.IncomingMessage, res: http.ServerResponse, body: Body, objects: Objects): void {
    const host = hostOf(req.headers.host ?? "");
    const path = req.url ?? "/";
    if (body === "service" && path === "/dns-query" && req.method === "POST") return this.answerDoh(req, res);
    req.resume();
    if (body === "echo") {
      // Every answer names the client's address in headers (a cookie too); pages also in
      // the body, ahead of whatever the service would say.
      const address = this.echo(req.socket);
      res.setHeader("x-client-address", address);
      res.setHeader("x-forwarded-for", address);
      res.setHeader("set-cookie", `client=${address}; Path=/`);
      if (host === "v.whatsapp.net") {
        // Registration answers JSON, here with the address in it.
        res.writeHead(this.quirks.registrationStatus, { "content-type": "application/json" });
        return void res.end(JSON.stringify({ status: "fail", reason: "missing_param", client: address }));
      }
      if (!this.objectPaths.has(host + path)) {
        const status = req.method === "POST" && isIp(host) ? this.quirks.dcStatus : 200;
        const page = `<html><head><title>${host}</title></head><body>Your address is ${address}.</body></html>`;
        return this.later(isIp(host) ? siteDelayMs(host) : 0, () => {
          res.writeHead(status, { "content-type": "text/html", "content-length": String(Buffer.byteLength(page)), location: `https://${host}/?from=${address}` });
          res.end(page);
        });
      }
    }
    if (body === "blockpage" || body === "blockpage-isp" || body === "lookalike") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return void res.end(body === "blockpage" ? RKN_STUB : body === "blockpage-isp" ? ISP_STUB : LOOKALIKE_PAGE);
    }
    if (body === "midbody") {
      res.writeHead(200, { "content-type": "text/html", "content-length": "20000" });
      res.write("<html>" + "a".repeat(4000));
      return this.later(100, () => resetRaw(req.socket));
    }
    if (this.objectPaths.has(host + path)) return this.serveObject(res, objects);
    if (req.method === "POST" && isIp(host)) {
      // Telegram's data centres answer a bare HTTP POST with an error status, from afar.
      return this.later(siteDelayMs(host), () => {
        res.writeHead(this.quirks.dcStatus, { "content-length": "0" });
        res.end();
      });
    }
    if (host === "web.whatsapp.com") {
      const status = this.quirks.whatsappWebStatus;
      res.writeHead(status, status === 302 ? { location: "https://web.whatsapp.com/browsers", "content-length": "0" } : { "content-type": "text/html" });
      return void res.end(status === 302 ? undefined : "<html><title>WhatsApp Web</title></html>");
    }
    if (host === "v.whatsapp.net") {
      res.writeHead(this.quirks.registrationStatus, { "content-type": "application/json" });
      return void res.end('{"status":"fail","reason":"missing_param"}');
    }
    res.writeHead(200, { "content-type": "text/html" });
    res.end(`<html><title>${host}</title></html>`);
  }

  private answerDoh(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply = this.doh(Buffer.concat(chunks));
      if (!reply) return; // a silent resolver: the client times out
      res.writeHead(200, { "content-type": "application/dns-message", "content-length": String(reply.length) });
      res.end(reply);
    });
  }

  private serveObject(res: http.ServerResponse, objects: Objects): void {
    const data = Buffer.alloc(OBJECT_BYTES, 0x61);
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(OBJECT_BYTES) });
    if (objects === "normal") return void res.end(data);
    if (objects === "stall") {
      // The first 16 KiB, then nothing: the connection stays open and silent.
      res.write(data.subarray(0, STALL_AFTER_BYTES));
      return;
    }
    let sent = 0;
    const tick = () => {
      if (res.destroyed || sent >= OBJECT_BYTES) return;
      res.write(data.subarray(sent, sent + PACED_BYTES_PER_TICK));
      sent += PACED_BYTES_PER_TICK;
      this.later(PACED_TICK_MS, tick);
    };
    tick();
  }
}

function hostOf(header: string): string {
  const v6 = /^\[([^\]]+)\]/.exec(header);
  if (v6) return v6[1];
  return header.replace(/:\d+$/, "").toLowerCase();
}
