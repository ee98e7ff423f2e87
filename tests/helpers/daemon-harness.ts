// The set-up the daemon fault tests share: a fresh store behind the API's route handlers,
// the censorship lab in its own process, and a scratch directory; all torn down after.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { Store } from "../../lib/store/open";
import { setStoreForTests } from "../../lib/server/store";
import { startLabProcess, type LabHandle } from "../lab/lab-process";
import { storeFactories } from "./stores";

export interface DaemonHarness {
  store: Store;
  lab: LabHandle;
  work: string;
}

/** Registers beforeAll/afterAll hooks; the returned object is filled in before the tests run. */
export function useDaemonHarness(prefix: string): DaemonHarness {
  const [pglite] = storeFactories();
  const h = {} as DaemonHarness;
  let dispose: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const created = await pglite.create();
    h.store = created.store;
    dispose = created.dispose;
    setStoreForTests(h.store);
    h.lab = await startLabProcess();
    h.work = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    setStoreForTests(null);
    await h.lab?.stop();
    await dispose?.();
    if (h.work) rmSync(h.work, { recursive: true, force: true });
  });
  return h;
}
