// `npm run db:migration NAME`: writes the next migration, offline, from the change to
// prisma/schema.prisma since the last migration's snapshot (Prisma's own datamodel diff),
// with partitioned models created partitioned and a marked place for hand-written SQL.
import fs from "node:fs";
import path from "node:path";
import { applyPartitioning, EXTRA_SQL_MARKER, partitionedModels } from "../lib/store/migration-sql";
import { migrationsDir } from "../lib/store/migrate";
import { runPrisma } from "./lib/prisma-cli";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration NAME   (NAME: lowercase letters, digits and _)");
  process.exit(2);
}
const dir = migrationsDir();
const existing = fs.existsSync(dir) ? fs.readdirSync(dir).filter((d) => /^\d{4}_/.test(d)).sort() : [];
const last = existing.at(-1);
const previous = last ? path.join(dir, last, "schema.prisma") : null;
if (previous && !fs.existsSync(previous)) {
  console.error(`the last migration ${last} has no schema.prisma snapshot to diff from`);
  process.exit(1);
}
const schemaPath = "prisma/schema.prisma";
const from = previous ? ["--from-schema-datamodel", previous] : ["--from-empty"];
const diff = runPrisma(["migrate", "diff", ...from, "--to-schema-datamodel", schemaPath, "--script"], {
  capture: true,
});
if (!/\b(CREATE|ALTER|DROP)\b/.test(diff)) {
  console.error("prisma/schema.prisma has no change since the last migration; nothing written");
  process.exit(1);
}
const schemaText = fs.readFileSync(schemaPath, "utf8");
const number = String((last ? Number(last.slice(0, 4)) : 0) + 1).padStart(4, "0");
const target = path.join(dir, `${number}_${name}`);
fs.mkdirSync(target, { recursive: true });
fs.writeFileSync(
  path.join(target, "migration.sql"),
  `${applyPartitioning(diff, partitionedModels(schemaText)).trimEnd()}\n\n${EXTRA_SQL_MARKER}\n` +
    `-- Hand-written SQL Prisma cannot express goes below, and the same SQL into a file in\n` +
    `-- prisma/sql/ (the schema test rebuilds the store from schema.prisma plus prisma/sql/).\n`,
);
fs.copyFileSync(schemaPath, path.join(target, "schema.prisma"));
console.log(`wrote ${path.relative(process.cwd(), target)}/migration.sql`);
