// `npm start` under a process manager: a SIGTERM or SIGINT sent to the npm process alone
// (as systemd's main-process mode or a container runtime sends it) stops the whole tree:
// npm exits, the port is free, no process of the tree is left, and the embedded store's
// lock is released, so the next start opens the same data directory.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../lib/store/open";
import { freePort } from "../helpers/server";

/** Pids whose process group is `pgid` (from /proc; the tree npm start made). */
function groupMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command's closing parenthesis: state, ppid, pgrp, ...
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid && fields[0] !== "Z") pids.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return pids;
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}

describe("npm start and signals", () => {
  let child: ChildProcess | null = null;
  afterEach(() => {
    // Only what this test started: its own process group.
    if (child?.pid && groupMembers(child.pid).length > 0) process.kill(-child.pid, "SIGKILL");
    child = null;
  });

  it.each(["SIGTERM", "SIGINT"] as const)(
    "%s to npm alone stops the server, frees the port and releases the store's lock",
    async (signal) => {
      const port = await freePort();
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "vantage-signal-"));
      let output = "";
      child = spawn("npm", ["start", "--silent"], {
        env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", VANTAGE_SEED_DEMO: "never", VANTAGE_DATA_DIR: dataDir, DATABASE_URL: "" },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true, // its own process group, so the test can see every process it made
      });
      child.stdout!.on("data", (d) => (output += d));
      child.stderr!.on("data", (d) => (output += d));
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child!.once("exit", (code, sig) => resolve({ code, signal: sig })));

      const healthy = await until(async () => {
        if (child!.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
        return (await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null))?.status === 200;
      }, 480_000);
      expect(healthy, output).toBe(true);
      const lock = path.join(dataDir, "vantage.lock");
      expect(fs.existsSync(lock), "the server holds the store").toBe(true);
      const pgid = child.pid!;
      expect(groupMembers(pgid).length).toBeGreaterThan(1);

      process.kill(pgid, signal); // npm only, not the group
      const result = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 20_000))]);
      expect(result, `npm did not exit after ${signal}:\n${output}`).not.toBeNull();
      // npm exits 0 when the server stopped cleanly, or re-raises the signal it forwarded.
      expect(result!.code === 0 || result!.code === (signal === "SIGINT" ? 130 : 143) || result!.signal === signal, JSON.stringify(result)).toBe(true);

      expect(await until(() => groupMembers(pgid).length === 0, 10_000), `left running: ${groupMembers(pgid).join(", ")}`).toBe(true);
      expect(await portAccepts(port)).toBe(false);
      expect(fs.existsSync(lock), "the store's lock is released").toBe(false);
      const reopened = await openStore({ dataDir });
      await reopened.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    600_000,
  );
});
