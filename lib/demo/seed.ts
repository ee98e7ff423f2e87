// Fills a store with the simulated demo history through the one write path,
// ingestMeasurements, in batches, reporting progress; then detects events over what it
// stored (the seeder runs before the server, whose detection scheduler never sees it).
import type { MeasurementRecord } from "../measurement/schema";
import { markDetectionCovered, runDetectionSince } from "../store/detection";
import { ingestMeasurements } from "../store/ingest";
import type { Store } from "../store/open";
import { DEMO_PROBES, simulateRounds, type SimulationOptions } from "./simulate";

export interface SeedProgress {
  records: number;
  stored: number;
  latest: string;
}

export async function isStoreEmpty(store: Store): Promise<boolean> {
  const rows = await store.prisma.$queryRawUnsafe<{ any: boolean }[]>(
    "SELECT EXISTS (SELECT 1 FROM measurement_ids) AS any",
  );
  return !rows[0]?.any;
}

/** Registers the demo probes and their owners (idempotent). */
export async function registerDemoProbes(store: Store): Promise<void> {
  for (const p of DEMO_PROBES) {
    await store.prisma.owner.upsert({ where: { id: p.owner }, create: { id: p.owner }, update: {} });
    const data = {
      owner_id: p.owner,
      name: `Simulated ${p.asnName} ${p.region} (${p.networkType})`,
      country: "RU",
      region: p.region,
      asn: p.asn,
      asn_name: p.asnName,
      network_type: p.networkType,
      software_version: "vantage-demo 1",
      simulated: true,
    };
    await store.prisma.probe.upsert({ where: { id: p.id }, create: { id: p.id, ...data }, update: data });
  }
}

export async function seedDemo(
  store: Store,
  options: SimulationOptions & { batchSize?: number; onProgress?: (p: SeedProgress) => void } = {},
): Promise<{ records: number; stored: number; events: number }> {
  await registerDemoProbes(store);
  const batchSize = options.batchSize ?? 1_000;
  let batch: MeasurementRecord[] = [];
  let records = 0;
  let stored = 0;
  let earliest = Infinity;
  const flush = async () => {
    if (batch.length === 0) return;
    const result = await ingestMeasurements(store, batch);
    stored += result.stored.length;
    if (result.stored.length > 0) earliest = Math.min(earliest, ...batch.map((r) => Date.parse(r.started_at)));
    records += batch.length;
    options.onProgress?.({ records, stored, latest: batch[batch.length - 1].started_at });
    batch = [];
  };
  for (const round of simulateRounds(options)) {
    batch.push(...round);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  const detectionStarted = new Date();
  const detection = Number.isFinite(earliest) ? await runDetectionSince(store, new Date(earliest)) : null;
  await markDetectionCovered(store, detectionStarted); // the server's scheduler need not redo it
  return { records, stored, events: detection?.events ?? 0 };
}
