// The namespace tier's plumbing: two network namespaces of our own (the probe's and the
// servers'), joined by a veth pair with 10.x addresses that exist only inside them, and
// kernel filtering (nftables, tc) in the servers' namespace for what user space cannot
// fake honestly: a SYN never answered, packets dropped after 16 KB, a policed rate.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const DELAY_LINE = fileURLToPath(new URL("./delay-line.py", import.meta.url));

export interface NetnsSupport {
  ok: boolean;
  /** What is missing, in words a CI log can act on. */
  missing: string[];
}

function has(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

export function netnsSupport(): NetnsSupport {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push("root (network namespaces need CAP_NET_ADMIN)");
  if (!has("ip")) missing.push("ip (Debian package iproute2)");
  if (!has("tc")) missing.push("tc (Debian package iproute2)");
  if (!has("nft")) missing.push("nft (Debian package nftables)");
  if (!has("sysctl")) missing.push("sysctl (Debian package procps)");
  return { ok: missing.length === 0, missing };
}

/** Whether the running kernel has a qdisc (netem is missing from some VM kernels). */
export function qdiscAvailable(kind: string): boolean {
  const ns = `vqd-${process.pid}`;
  try {
    run("ip", ["netns", "add", ns]);
    return spawnSync("ip", ["netns", "exec", ns, "tc", "qdisc", "add", "dev", "lo", "root", ...kind.split(" ")], { stdio: "ignore" }).status === 0;
  } finally {
    spawnSync("ip", ["netns", "del", ns], { stdio: "ignore" });
  }
}

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export class LabNetwork {
  readonly probeNs: string;
  readonly serverNs: string;
  readonly probeIp: string;
  readonly serverIp: string;
  private readonly vethProbe: string;
  private readonly vethServer: string;
  /** The probe side's interface: the veth end, or the delay line's TUN device. */
  private probeDev: string;
  private delayLine: ChildProcess | null = null;
  private created = false;

  /** `octet` picks 10.<octet>.0.0/30, so parallel runs do not collide. */
  constructor(tag: string, octet = 200 + (process.pid % 50)) {
    this.probeNs = `vlab-${tag}-p`;
    this.serverNs = `vlab-${tag}-s`;
    this.vethProbe = `vp${tag}`.slice(0, 15);
    this.vethServer = `vs${tag}`.slice(0, 15);
    this.probeDev = this.vethProbe;
    this.probeIp = `10.${octet}.0.1`;
    this.serverIp = `10.${octet}.0.2`;
  }

  private inNs(ns: string, cmd: string, args: string[]): string {
    return run("ip", ["netns", "exec", ns, cmd, ...args]);
  }

  create(): void {
    this.destroy(); // leftovers of a crashed run with the same tag
    this.created = true;
    run("ip", ["netns", "add", this.probeNs]);
    run("ip", ["netns", "add", this.serverNs]);
    // The veth pair is created inside the probe namespace and one end moved: no interface
    // or 10.x address ever exists in the host's own namespace.
    this.inNs(this.probeNs, "ip", ["link", "add", this.vethProbe, "type", "veth", "peer", "name", this.vethServer]);
    this.inNs(this.probeNs, "ip", ["link", "set", this.vethServer, "netns", this.serverNs]);
    for (const [ns, dev, ip] of [[this.probeNs, this.vethProbe, this.probeIp], [this.serverNs, this.vethServer, this.serverIp]]) {
      this.inNs(ns, "ip", ["link", "set", "lo", "up"]);
      this.inNs(ns, "ip", ["addr", "add", `${ip}/30`, "dev", dev]);
      // Segment-sized packets, as on a real path: the 16 KB drop rule counts real segments.
      this.inNs(ns, "ip", ["link", "set", dev, "gso_max_segs", "1", "gso_max_size", "1500", "up"]);
    }
  }

  /**
   * Instead of a veth pair, joins the namespaces through delay-line.py (two TUN devices and
   * a process that forwards each packet after `oneWayMs`): added latency where the kernel
   * has no sch_netem. Needs python3.
   */
  async createWithDelayLine(oneWayMs: number): Promise<void> {
    this.destroy();
    this.created = true;
    run("ip", ["netns", "add", this.probeNs]);
    run("ip", ["netns", "add", this.serverNs]);
    const tunProbe = `tp${this.vethProbe.slice(2)}`.slice(0, 15);
    const tunServer = `ts${this.vethServer.slice(2)}`.slice(0, 15);
    const child = spawn("ip", ["netns", "exec", this.probeNs, "python3", DELAY_LINE, this.serverNs, tunProbe, tunServer, String(oneWayMs)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    this.delayLine = child;
    await new Promise<void>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`delay line exited (${code})`)));
      child.stdout!.once("data", () => resolve());
    });
    for (const [ns, dev, ip, peer] of [[this.probeNs, tunProbe, this.probeIp, this.serverIp], [this.serverNs, tunServer, this.serverIp, this.probeIp]]) {
      this.inNs(ns, "ip", ["link", "set", "lo", "up"]);
      this.inNs(ns, "ip", ["addr", "add", ip, "peer", peer, "dev", dev]);
      this.inNs(ns, "ip", ["link", "set", dev, "up"]);
    }
    this.probeDev = tunProbe;
  }

  /** Replaces the servers' nftables ruleset. */
  setServerRules(rules: { input?: string[]; output?: string[] }): void {
    const chain = (name: string, hook: string, list: string[] = []) =>
      `  chain ${name} {\n    type filter hook ${hook} priority 0; policy accept;\n${list.map((r) => `    ${r}\n`).join("")}  }\n`;
    const script = `flush ruleset\ntable inet lab {\n${chain("in", "input", rules.input)}${chain("out", "output", rules.output)}}\n`;
    execFileSync("ip", ["netns", "exec", this.serverNs, "nft", "-f", "-"], { input: script, stdio: ["pipe", "ignore", "pipe"] });
    // Byte counters of connections ("ct reply bytes") are off by default; the namespace's
    // own switch exists once conntrack is loaded, which a ct rule just did.
    if (script.includes(" ct ")) this.inNs(this.serverNs, "sysctl", ["-q", "-w", "net.netfilter.nf_conntrack_acct=1"]);
  }

  /** Adds `delayMs` each way with netem on both ends (a 2 x delayMs round trip). */
  addDelay(delayMs: number): void {
    this.inNs(this.probeNs, "tc", ["qdisc", "replace", "dev", this.vethProbe, "root", "netem", "delay", `${delayMs}ms`]);
    this.inNs(this.serverNs, "tc", ["qdisc", "replace", "dev", this.vethServer, "root", "netem", "delay", `${delayMs}ms`]);
  }

  /** Bytes the probe's interface sent and received so far. */
  probeCounters(): { tx: number; rx: number } {
    const read = (what: string) => Number(this.inNs(this.probeNs, "cat", [`/sys/class/net/${this.probeDev}/statistics/${what}_bytes`]).trim());
    return { tx: read("tx"), rx: read("rx") };
  }

  /** Removes both namespaces (and with them the veth pair and every rule). Safe to call twice. */
  destroy(): void {
    if (this.delayLine && this.delayLine.exitCode === null) this.delayLine.kill("SIGKILL");
    this.delayLine = null;
    for (const ns of [this.probeNs, this.serverNs]) spawnSync("ip", ["netns", "del", ns], { stdio: "ignore" });
    this.created = false;
  }

  get isCreated(): boolean {
    return this.created;
  }
}

/**
 * Runs `fn` with a fresh lab network, always tearing it down, also on Ctrl-C. With
 * `delayLineMs`, the namespaces are joined by the user-space delay line instead of veth.
 */
export async function withLabNetwork<T>(tag: string, fn: (net: LabNetwork) => Promise<T>, opts: { delayLineMs?: number } = {}): Promise<T> {
  const net = new LabNetwork(tag);
  const onSignal = () => {
    net.destroy();
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    if (opts.delayLineMs !== undefined) await net.createWithDelayLine(opts.delayLineMs);
    else net.create();
    return await fn(net);
  } finally {
    net.destroy();
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}
