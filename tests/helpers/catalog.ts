// A comparable description of a database schema read from the system catalogue: tables
// (and whether partitioned, by what), columns, constraints, indexes and functions. Works
// the same on PGlite and PostgreSQL, where pg_dump may not exist.
import type { Store } from "../../lib/store/open";

const QUERIES: Record<string, string> = {
  tables: `SELECT c.relname || ' ' || c.relkind::text || coalesce(' ' || pg_get_partkeydef(c.oid), '') AS d
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition`,
  columns: `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(udt_name, '') || ' ' ||
                   is_nullable || ' ' || coalesce(column_default, '') AS d
            FROM information_schema.columns WHERE table_schema = 'public'`,
  constraints: `SELECT t.relname || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) AS d
                FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = 'public' AND NOT t.relispartition`,
  indexes: `SELECT indexdef AS d FROM pg_indexes i JOIN pg_class c ON c.relname = i.tablename
            WHERE i.schemaname = 'public' AND NOT c.relispartition`,
  functions: `SELECT p.proname || '(' || pg_get_function_arguments(p.oid) || ') ' || md5(p.prosrc) AS d
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'`,
};

/** Things that are not part of the schema: the migration ledger. */
const IGNORED = /vantage_migrations/;

export async function catalogSnapshot(store: Store): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  // Driver-level: Prisma's adapters cannot decode some catalogue types ("char").
  await store.transaction(async (sql) => {
    for (const [name, query] of Object.entries(QUERIES)) {
      const rows = await sql.query<{ d: string }>(query);
      out[name] = rows.map((r) => r.d).filter((d) => !IGNORED.test(d)).sort();
    }
  });
  return out;
}
