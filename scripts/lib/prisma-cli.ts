// Runs the Prisma CLI offline. The engine variables point at an existing file so the CLI
// never tries to download engine binaries; generation and `migrate diff` run in
// WebAssembly (see prisma.config.ts). Telemetry and update checks are off: the network
// is closed.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { childEnvironment } from "../../lib/config";

export function runPrisma(args: string[], options: { capture?: boolean } = {}): string {
  const bin = path.join(process.cwd(), "node_modules", "prisma", "build", "index.js");
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    stdio: options.capture ? ["ignore", "pipe", "pipe"] : "inherit",
    env: childEnvironment({
      PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
      PRISMA_QUERY_ENGINE_LIBRARY: process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
      // prisma.config.ts wants a URL; the offline commands never connect to it.
      PRISMA_SCHEMA_URL: "postgresql://offline/unused",
    }),
  });
  if (result.status !== 0) {
    const detail = options.capture ? `\n${result.stderr}` : "";
    throw new Error(`prisma ${args[0]} failed (exit ${result.status})${detail}`);
  }
  return result.stdout ?? "";
}
