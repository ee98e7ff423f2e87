// The demo's events are found by the live detector from seeded measurements, never
// inserted: over the February 2026 dense window, Telegram's restriction (2026-02-10) and
// WhatsApp's block (2026-02-11) per network (Rostelecom, MTS) and as country events;
// never Max.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../lib/demo/seed";
import type { Store } from "../../lib/store/open";
import { storeFactories } from "../helpers/stores";

describe.each(storeFactories())("demo events on $name", (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let seeded: { records: number; events: number };

  beforeAll(async () => {
    ({ store, dispose } = await factory.create());
    seeded = await seedDemo(store, { from: "2026-02-09T12:00:00Z", to: "2026-02-12T00:00:00Z" });
  });
  afterAll(async () => dispose?.());

  it("detects the February 2026 onsets per network and per country, and nothing for Max", async () => {
    const events = await store.prisma.$queryRawUnsafe<{ service: string; scope: string; started_at: Date; ended_at: Date | null; measurement_ids: string[] }[]>(
      "SELECT service, scope, started_at, ended_at, measurement_ids FROM events ORDER BY service, scope",
    );
    expect(seeded.events).toBe(events.length);
    const summary = events.map((e) => `${e.service} ${e.scope} ${e.started_at.toISOString().slice(0, 13)} ${e.ended_at ? "ended" : "ongoing"}`);
    expect(summary).toEqual([
      "telegram country:RU 2026-02-10T08 ongoing",
      "telegram network:RU/AS12389 2026-02-10T08 ongoing",
      "telegram network:RU/AS8359 2026-02-10T08 ongoing",
      "whatsapp country:RU 2026-02-11T06 ongoing",
      "whatsapp network:RU/AS12389 2026-02-11T06 ongoing",
      "whatsapp network:RU/AS8359 2026-02-11T06 ongoing",
    ]);
    // Every event points at stored measurements of its own service.
    for (const e of events) {
      expect(e.measurement_ids.length).toBeGreaterThan(0);
      const rows = await store.prisma.$queryRawUnsafe<{ service: string }[]>(
        "SELECT DISTINCT service FROM measurements WHERE id = ANY($1::uuid[])",
        e.measurement_ids,
      );
      expect(rows.map((r) => r.service)).toEqual([e.service]);
    }
  });
});
