// A UDP DNS server for the lab (dns-packet). Its zone is swapped per case: each name
// answers with addresses, an error code, or nothing at all (a silent resolver).
import dgram from "node:dgram";
import dnsPacket from "dns-packet";

export interface ZoneEntry {
  A?: string[];
  AAAA?: string[];
  rcode?: "NXDOMAIN" | "SERVFAIL" | "REFUSED";
  /** Never answer: the client times out. */
  silent?: boolean;
}

export type Zone = Map<string, ZoneEntry>;

export class LabDnsServer {
  zone: Zone = new Map();
  private socket: dgram.Socket | null = null;
  port = 0;

  constructor(readonly host: string) {}

  async start(port = 0): Promise<void> {
    const socket = dgram.createSocket(this.host.includes(":") ? "udp6" : "udp4");
    this.socket = socket;
    socket.on("message", (msg, rinfo) => {
      const reply = this.answer(msg);
      if (reply) socket.send(reply, rinfo.port, rinfo.address);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(port, this.host, () => resolve());
    });
    this.port = socket.address().port;
  }

  /** The reply to one DNS query (wire format), or null to stay silent. Also serves DoH. */
  answer(msg: Buffer): Buffer | null {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return null;
    }
    const q = query.questions?.[0];
    if (!q) return null;
    const entry = this.zone.get(q.name.toLowerCase());
    if (entry?.silent) return null;
    const rcode = entry ? entry.rcode ?? "NOERROR" : "NXDOMAIN";
    const addrs = entry && !entry.rcode && (q.type === "A" || q.type === "AAAA") ? entry[q.type] ?? [] : [];
    return dnsPacket.encode({
      type: "response",
      id: query.id,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | rcodeFlag(rcode),
      questions: [q],
      answers: addrs.map((data) => ({ type: q.type as "A", name: q.name, ttl: 60, class: "IN" as const, data })),
    });
  }

  get address(): string {
    return this.host.includes(":") ? `[${this.host}]:${this.port}` : `${this.host}:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.socket ? this.socket.close(() => resolve()) : resolve()));
    this.socket = null;
  }
}

function rcodeFlag(rcode: string): number {
  return { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 }[rcode] ?? 0;
}
