// The migrations and prisma/schema.prisma must describe the same store: a database built
// by applying prisma/migrations equals one built from Prisma's own DDL for schema.prisma
// (partitioned where the schema says so) plus the hand-written SQL in prisma/sql.
// Editing one without the other fails here.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPartitioning, partitionedModels } from "../../lib/store/migration-sql";
import { readMigrations } from "../../lib/store/migrate";
import { runPrisma } from "../../scripts/lib/prisma-cli";
import { catalogSnapshot } from "../helpers/catalog";
import { storeFactories } from "../helpers/stores";
import { openStore } from "../../lib/store/open";

function schemaDdl(): string {
  const schemaText = fs.readFileSync("prisma/schema.prisma", "utf8");
  const ddl = runPrisma(["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"], {
    capture: true,
  });
  const extra = fs
    .readdirSync("prisma/sql")
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((f) => fs.readFileSync(path.join("prisma/sql", f), "utf8"));
  return [applyPartitioning(ddl, partitionedModels(schemaText)), ...extra].join("\n;\n");
}

describe("schema.prisma and prisma/migrations agree", () => {
  let ddl: string;
  beforeAll(() => {
    ddl = schemaDdl(); // Prisma's WebAssembly diff: computed once for every store
  });

  for (const factory of storeFactories()) {
    describe(`on ${factory.name}`, () => {
      const disposers: Array<() => Promise<void>> = [];
      afterAll(async () => {
        for (const d of disposers) await d();
      });

      it("builds the same catalogue both ways", async () => {
        const migrated = await factory.create();
        disposers.push(migrated.dispose);
        const fromSchema = await factory.create();
        disposers.push(fromSchema.dispose);
        // Empty the second store, then build it from schema.prisma + prisma/sql.
        await fromSchema.store.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        await fromSchema.store.exec(ddl);
        expect(await catalogSnapshot(fromSchema.store)).toEqual(await catalogSnapshot(migrated.store));
      });

      it("notices a migration that lost a statement", async () => {
        const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "vantage-mig-"));
        for (const m of readMigrations()) {
          fs.mkdirSync(path.join(dir, m.name));
          // Drop one index from the first migration: the comparison must see it.
          const sql = m.name.startsWith("0001") ? m.sql.replace(/CREATE INDEX "measurements_probe_id_started_at_idx"[^;]*;/, "") : m.sql;
          fs.writeFileSync(path.join(dir, m.name, "migration.sql"), sql);
        }
        const reference = await factory.create();
        disposers.push(reference.dispose);
        process.env.VANTAGE_MIGRATIONS_DIR = dir;
        try {
          const broken = await factory.create({ fromScratch: true });
          disposers.push(broken.dispose);
          const a = await catalogSnapshot(reference.store);
          const b = await catalogSnapshot(broken.store);
          expect(b.indexes).not.toEqual(a.indexes);
          expect(a.indexes.filter((i) => !b.indexes.includes(i))).toEqual([
            expect.stringContaining("measurements_probe_id_started_at_idx"),
          ]);
        } finally {
          delete process.env.VANTAGE_MIGRATIONS_DIR;
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    });
  }
});
