// Pure helpers that turn Prisma's generated DDL into Vantage's migrations: Prisma cannot
// declare partitioned tables, so models carrying the marker comment
// `/// vantage:partition-by-range(column)` get `PARTITION BY RANGE (column)` appended to
// their CREATE TABLE.

const MARKER = /\/\/\/\s*vantage:partition-by-range\((\w+)\)/;

export interface PartitionedModel {
  table: string;
  column: string;
}

/** Reads the partition markers of schema.prisma: which tables, by which column. */
export function partitionedModels(schemaText: string): PartitionedModel[] {
  const found: PartitionedModel[] = [];
  const modelRe = /((?:^\s*\/\/\/.*\n)*)^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm;
  for (const m of schemaText.matchAll(modelRe)) {
    const [, docs, name, body] = m;
    const marker = MARKER.exec(docs);
    if (!marker) continue;
    const mapped = /@@map\("([^"]+)"\)/.exec(body);
    found.push({ table: mapped ? mapped[1] : name, column: marker[1] });
  }
  return found;
}

/** Appends PARTITION BY RANGE to the CREATE TABLE statements of partitioned models. */
export function applyPartitioning(sql: string, models: PartitionedModel[]): string {
  let out = sql;
  for (const { table, column } of models) {
    const re = new RegExp(`(CREATE TABLE "${table}" \\([\\s\\S]*?\\n\\))(;)`);
    out = out.replace(re, `$1 PARTITION BY RANGE ("${column}")$2`);
  }
  return out;
}

export const EXTRA_SQL_MARKER = "-- vantage:extra-sql";
