// Generates the Prisma client into lib/generated/prisma when prisma/schema.prisma is
// newer than the generated code (or it is missing, as on a fresh clone).
import fs from "node:fs";
import { runPrisma } from "./prisma-cli";

const SCHEMA = "prisma/schema.prisma";
const MARKER = "lib/generated/prisma/client.ts";

export function ensurePrismaClient(force = false): boolean {
  const stale = !fs.existsSync(MARKER) || fs.statSync(MARKER).mtimeMs < fs.statSync(SCHEMA).mtimeMs;
  if (!stale && !force) return false;
  runPrisma(["generate", "--schema", SCHEMA], { capture: true });
  fs.utimesSync(MARKER, new Date(), new Date()); // generation may keep an unchanged file's old mtime
  return true;
}
