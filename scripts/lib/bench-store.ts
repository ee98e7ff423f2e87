// The ~10 M-record PostgreSQL store bench:query and bench:web time their reads on (built
// set-based, see scripts/bench-query.ts for why it bypasses ingestMeasurements).
import { mulberry32 } from "../../lib/random";
import type { Store } from "../../lib/store/open";

export const SERVICES = ["whatsapp", "telegram", "max"] as const;
/** Probes per country at full size: one large country and four smaller ones. */
export const COUNTRIES: [string, number, number][] = [
  ["RU", 80, 12389],
  ["KZ", 30, 9198],
  ["BY", 30, 6697],
  ["TR", 30, 9121],
  ["IR", 30, 58224],
];
export const START = new Date("2026-01-01T00:00:00Z");

export async function build(store: Store, days: number, probeScale: number): Promise<number> {
  const probes: { id: string; cc: string; asn: number; region: string; nt: string; offset: number }[] = [];
  const rnd = mulberry32(42);
  for (const [cc, n, baseAsn] of COUNTRIES) {
    for (let i = 0; i < Math.max(3, Math.round(n * probeScale)); i++) {
      probes.push({
        id: `bench-${cc}-${i}`,
        cc,
        asn: baseAsn + Math.floor(rnd() * 10),
        region: `${cc}-region-${Math.floor(rnd() * 4)}`,
        nt: rnd() < 0.5 ? "fixed" : "mobile",
        offset: Math.floor(rnd() * 600),
      });
    }
  }
  const end = new Date(START.getTime() + days * 86_400_000);
  await store.exec(`SELECT vantage_ensure_month_partitions('${START.toISOString()}', '${end.toISOString()}')`);
  // Secondary indexes are dropped for the bulk insert and rebuilt once after it (as a
  // bulk load would); the primary key stays.
  const secondary = await store.prisma.$queryRawUnsafe<{ indexname: string; indexdef: string }[]>(
    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'measurements' AND indexname NOT LIKE '%pkey'",
  );
  for (const ix of secondary) await store.exec(`DROP INDEX ${ix.indexname}`);
  await store.exec(`CREATE TABLE bench_probes (probe_id text, country text, asn int, region text, network_type text, offset_s int)`);
  await store.transaction((tx) =>
    tx.query(
      `INSERT INTO bench_probes SELECT * FROM json_to_recordset($1::json) AS p(probe_id text, country text, asn int, region text, network_type text, offset_s int)`,
      [JSON.stringify(probes.map((p) => ({ probe_id: p.id, country: p.cc, asn: p.asn, region: p.region, network_type: p.nt, offset_s: p.offset })))],
    ),
  );
  // A WhatsApp block in RU from the middle of the range, random failures and confirmed
  // injections elsewhere: every class and stage appears.
  const blockFrom = Math.floor((days / 2) * 144);
  let rows = 0;
  for (let d = 0; d < days; d++) {
    const res = await store.transaction((tx) =>
      tx.query<{ n: number }>(
        `WITH ins AS (
           INSERT INTO measurements (id, started_at, received_at, source, probe_id, owner_id, round_id, service, country, asn,
             region, network_type, status, class, technique, rule, allowlist, rules_version, targets_version, software_name,
             software_version, runtime_ms, flags, record, verdict)
           SELECT gen_random_uuid(), t.ts, t.ts + interval '5 seconds', 'vantage', p.probe_id, 'owner-' || p.probe_id, 'round-' || r,
             s.service, p.country, p.asn, p.region, p.network_type, v.status, v.class, v.technique, v.rule, false, 'bench', 'bench',
             'bench', '0', 4000, '{}', '{"bench": true}', '{}'
           FROM bench_probes p
           CROSS JOIN unnest(ARRAY['whatsapp', 'telegram', 'max']) AS s(service)
           CROSS JOIN generate_series($1::int, $1::int + 143) AS r
           CROSS JOIN LATERAL (SELECT $2::timestamptz + r * interval '10 minutes' + p.offset_s * interval '1 second' AS ts, random() + 0 * r AS x) AS t
           CROSS JOIN LATERAL (SELECT * FROM (VALUES
             (CASE WHEN t.x < 0.03 THEN 'inconclusive'
                   WHEN s.service = 'whatsapp' AND p.country = 'RU' AND r >= $3::int AND t.x < 0.75 THEN 'blocked'
                   WHEN t.x > 0.99 THEN 'partial' ELSE 'ok' END)) AS st(status)
             CROSS JOIN LATERAL (SELECT
               CASE st.status WHEN 'inconclusive' THEN 'failure' WHEN 'blocked' THEN 'anomaly' WHEN 'partial' THEN 'confirmed' ELSE 'ok' END AS class,
               CASE st.status WHEN 'blocked' THEN 'tcp' WHEN 'partial' THEN 'dns' END AS technique,
               CASE st.status WHEN 'blocked' THEN 'T1' WHEN 'partial' THEN 'D1' WHEN 'ok' THEN 'OK' END AS rule) AS c
           ) AS v(status, class, technique, rule)
           RETURNING 1)
         SELECT count(*)::int AS n FROM ins`,
        [d * 144, START.toISOString(), blockFrom],
      ),
    );
    rows += res[0].n;
    if ((d + 1) % 10 === 0 || d === days - 1) process.stderr.write(`  day ${d + 1}/${days}: ${rows} measurements\n`);
  }
  await store.exec("DROP TABLE bench_probes");
  for (const ix of secondary) await store.exec(ix.indexdef);
  return rows;
}

