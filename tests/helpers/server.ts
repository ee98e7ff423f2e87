// Starts the real site with `npm start`'s script on a free port and waits until it serves.
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "../../scripts/lib/free-port";

export { freePort };

export interface RunningServer {
  url: string;
  /** Process group of the site (tsx, start.ts and next), for CPU accounting. */
  pgid: number;
  output: () => string;
  stop: () => Promise<void>;
}

/** Runs scripts/start.ts (build if stale, migrate, serve) with the given environment. */
export async function startSite(env: Record<string, string>, timeoutMs = 420_000): Promise<RunningServer> {
  const port = await freePort();
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", VANTAGE_SEED_DEMO: "never", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-child.pid!, "SIGTERM"); // the whole group: tsx, start.ts and next
    } catch {
      /* already gone */
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the site exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) return { url, pgid: child.pid!, output: () => output, stop };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`the site did not become healthy within ${timeoutMs} ms:\n${output}`);
}
