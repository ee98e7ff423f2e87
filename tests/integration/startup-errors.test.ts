// Starting against a store that cannot be used ends with one clear line and a non-zero
// exit, never a stack trace: an unreachable server, a rejected password, a missing
// database, and an embedded store already held by another process.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../lib/store/open";
import { freePort } from "../helpers/server";
import { tempDir, testDatabaseUrl } from "../helpers/stores";

/** Runs a script asynchronously: the stand-in server below lives in this process. */
async function run(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, VANTAGE_SEED_DEMO: "never", PORT: "1", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const status = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { status, stderr: stderr.trim(), lines: stderr.trim().split("\n") };
}

/**
 * A stand-in PostgreSQL server that asks for a password and rejects it the way a real
 * one does (ErrorResponse, SQLSTATE 28P01): the machine's own server trusts everyone.
 */
function passwordRejectingServer(): net.Server {
  return net.createServer((socket) => {
    let stage = 0;
    socket.on("data", (chunk) => {
      if (stage === 0 && chunk.length === 8 && chunk.readInt32BE(4) === 80877103) {
        socket.write("N"); // SSLRequest: not supported
        return;
      }
      if (stage === 0) {
        stage = 1;
        const auth = Buffer.alloc(9);
        auth.write("R", 0);
        auth.writeInt32BE(8, 1);
        auth.writeInt32BE(3, 5); // AuthenticationCleartextPassword
        socket.write(auth);
        return;
      }
      const fields = Buffer.from("SFATAL\0C28P01\0Mpassword authentication failed for user \"vantage\"\0\0");
      const err = Buffer.alloc(5);
      err.write("E", 0);
      err.writeInt32BE(4 + fields.length, 1);
      socket.end(Buffer.concat([err, fields]));
    });
    socket.on("error", () => {});
  });
}

describe("startup with an unusable store", () => {
  let fake: net.Server;
  let fakePort: number;
  beforeAll(async () => {
    fake = passwordRejectingServer();
    await new Promise<void>((r) => fake.listen(0, "127.0.0.1", () => r()));
    fakePort = (fake.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => fake.close(() => r())));

  it("names an unreachable server in one line", async () => {
    const port = await freePort();
    const r = await run("scripts/start.ts", { DATABASE_URL: `postgres://vantage:secret@127.0.0.1:${port}/vantage` });
    expect(r.status).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.stderr).toBe(`error: cannot connect to PostgreSQL at postgres://vantage:***@127.0.0.1:${port}/vantage: connection refused (is the server running?)`);
  });

  it("names a rejected password in one line without printing it", async () => {
    const r = await run("scripts/start.ts", { DATABASE_URL: `postgres://vantage:hunter2@127.0.0.1:${fakePort}/vantage` });
    expect(r.status).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.stderr).toContain("rejected the credentials (wrong user or password)");
    expect(r.stderr).not.toContain("hunter2");
  });

  it("names a URL that is not a PostgreSQL URL", async () => {
    const r = await run("scripts/start.ts", { DATABASE_URL: "mysql://localhost/vantage" });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: DATABASE_URL: expected a URL starting with postgres:// or postgresql:// (got "mysql://localhost/vantage")');
  });

  it.skipIf(!testDatabaseUrl())("names a missing database", async () => {
    const url = new URL(testDatabaseUrl()!);
    url.pathname = "/vantage_no_such_database";
    const r = await run("scripts/start.ts", { DATABASE_URL: url.toString() });
    expect(r.status).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.stderr).toContain("the database does not exist");
  });

  describe("an embedded store held by the server", () => {
    let dir: string;
    let holder: Store;
    beforeAll(async () => {
      dir = tempDir();
      holder = await openStore({ dataDir: dir });
    });
    afterAll(async () => {
      await holder.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("makes a command-line tool stop with advice instead of opening it", async () => {
      const r = await run("scripts/demo-seed.ts", { VANTAGE_DATA_DIR: dir, DATABASE_URL: "" });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`error: the embedded store in ${dir} is in use by process ${process.pid}: stop the server or set DATABASE_URL`);
      // The holder's store still works.
      await expect(holder.prisma.$queryRawUnsafe("SELECT 1")).resolves.toBeDefined();
    });
  });
});
