// `npm run db:generate`: generates the Prisma client when the schema changed (--force: always).
import { ensurePrismaClient } from "./lib/prisma-generate";

if (ensurePrismaClient(process.argv.includes("--force"))) console.error("generated the Prisma client in lib/generated/prisma");
