// `npm run db:migrate`: applies pending migrations to the configured store.
import { describeStoreTarget } from "../lib/store/config";
import { migrate } from "../lib/store/migrate";
import { openStore } from "../lib/store/open";
import { runCli } from "./lib/cli";

runCli(async () => {
  const store = await openStore({ migrate: false });
  try {
    console.error(`store: ${describeStoreTarget(store.target)}`);
    const applied = await migrate(store, (line) => console.error(line));
    console.error(applied.length ? `${applied.length} migration(s) applied` : "migrations already current");
  } finally {
    await store.close();
  }
});
