// The lab's servers in the current process: two DNS servers and every stand-in. Started
// by serve.ts in a process of its own (see lab-process.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeLabCerts, type LabCerts } from "./certs";
import { LabDnsServer } from "./dns-server";
import { labCertificateNames, LabLayout, labObjectPaths, type LabEndpoints, type LabPlan } from "./lab";
import { LabServers } from "./servers";

export class LabRuntime {
  private constructor(
    readonly systemDns: LabDnsServer,
    readonly controlDns: LabDnsServer,
    readonly servers: LabServers,
    readonly certs: LabCerts,
    readonly stateDir: string,
    readonly bindHost: string,
  ) {}

  static async start(bindHost: string, dnsPorts: { system?: number; control?: number } = {}): Promise<LabRuntime> {
    const layout = new LabLayout();
    const certs = makeLabCerts(labCertificateNames());
    const controlDns = new LabDnsServer(bindHost);
    const rt = new LabRuntime(
      new LabDnsServer(bindHost),
      controlDns,
      // The control resolver's zone also answers over DoH, for probes configured with a URL.
      new LabServers(bindHost, certs, labObjectPaths(), layout.serviceHostNames(), (q) => controlDns.answer(q)),
      certs,
      mkdtempSync(join(tmpdir(), "vantage-lab-state-")),
      bindHost,
    );
    await rt.systemDns.start(dnsPorts.system);
    await rt.controlDns.start(dnsPorts.control);
    await rt.servers.start();
    return rt;
  }

  endpoints(): LabEndpoints {
    return {
      bindHost: this.bindHost,
      ports: { ...this.servers.ports },
      systemDns: this.systemDns.address,
      controlDns: this.controlDns.address,
      caFile: this.certs.caFile,
      stateDir: this.stateDir,
    };
  }

  apply(plan: LabPlan): void {
    this.systemDns.zone = plan.system;
    this.controlDns.zone = plan.control;
    this.servers.quirks = { ...plan.quirks };
  }

  async stop(): Promise<void> {
    await Promise.all([this.systemDns.stop(), this.controlDns.stop(), this.servers.stop()]);
    rmSync(this.certs.dir, { recursive: true, force: true });
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}
