// Curated annotations: the known events are upserted at every start, so the seeded
// timeline follows the code without duplicating rows.
import { KNOWN_EVENTS } from "../annotations/known-events";
import type { Store } from "./open";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

export async function seedKnownAnnotations(store: Store): Promise<number> {
  await store.prisma.$transaction(
    KNOWN_EVENTS.map((e) => {
      const data = {
        date: day(e.date),
        end_date: e.endDate ? day(e.endDate) : null,
        title: e.title,
        outlet: e.outlet,
        source_date: day(e.sourceDate),
        url: e.url,
        services: e.services,
        country: e.country,
        not_measured: e.notMeasured ?? false,
      };
      return store.prisma.annotation.upsert({ where: { id: e.id }, create: { id: e.id, ...data }, update: data });
    }),
  );
  return KNOWN_EVENTS.length;
}

export interface AnnotationView {
  id: string;
  date: string;
  endDate: string | null;
  title: string;
  outlet: string;
  sourceDate: string;
  url: string | null;
  services: string[];
  notMeasured: boolean;
}

export async function listAnnotations(store: Store, country: string): Promise<AnnotationView[]> {
  const rows = await store.prisma.annotation.findMany({ where: { country }, orderBy: { date: "asc" } });
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return rows.map((r) => ({
    id: r.id,
    date: iso(r.date),
    endDate: r.end_date ? iso(r.end_date) : null,
    title: r.title,
    outlet: r.outlet,
    sourceDate: iso(r.source_date),
    url: r.url,
    services: r.services,
    notMeasured: r.not_measured,
  }));
}
