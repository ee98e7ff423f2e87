// `npm start`. The Prisma client is generated first (a fresh clone has none), then the
// site is prepared and served by serve-site.ts, which imports the store.
import { ensurePrismaClient } from "./lib/prisma-generate";

ensurePrismaClient();
await import("./serve-site");
