// `npm run db:retention`: drops monthly measurement partitions older than
// VANTAGE_RETENTION_MONTHS months. Rollups, events and annotations are kept.
import { config } from "../lib/config";
import { describeStoreTarget } from "../lib/store/config";
import { openStore } from "../lib/store/open";
import { retentionCutoff } from "../lib/store/retention";
import { runCli } from "./lib/cli";

runCli(async () => {
  const months = config().VANTAGE_RETENTION_MONTHS;
  if (months === undefined) {
    console.error("VANTAGE_RETENTION_MONTHS is not set: everything is kept");
    return;
  }
  const cutoff = retentionCutoff(new Date(), months);
  const store = await openStore();
  try {
    console.error(`store: ${describeStoreTarget(store.target)}; dropping partitions that end before ${cutoff.toISOString()}`);
    const dropped = await store.prisma.$queryRawUnsafe<{ name: string }[]>(
      "SELECT vantage_drop_partitions_before($1::timestamptz) AS name",
      cutoff.toISOString(),
    );
    console.error(dropped.length ? `dropped ${dropped.map((d) => d.name).join(", ")}` : "nothing to drop");
  } finally {
    await store.close();
  }
});
