// `npm run db:generate`: generates the Prisma client into lib/generated/prisma when
// prisma/schema.prisma is newer than the generated code.
import fs from "node:fs";
import { runPrisma } from "./lib/prisma-cli";

const schema = "prisma/schema.prisma";
const marker = "lib/generated/prisma/client.ts";
const stale = !fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync(schema).mtimeMs;
if (stale || process.argv.includes("--force")) {
  runPrisma(["generate", "--schema", schema], { capture: true });
  console.error("generated the Prisma client in lib/generated/prisma");
}
