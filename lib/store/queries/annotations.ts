// Annotations for the public API and the operator's edits. Known events seeded from
// lib/annotations/known-events.ts are reset from the code at every start, so the API
// refuses to edit or delete them (change the code instead).
import crypto from "node:crypto";
import type { AnnotationCreate, AnnotationListQuery, AnnotationPatch } from "../../query/annotations";
import { KNOWN_EVENTS } from "../../annotations/known-events";
import type { Annotation } from "../../generated/prisma/client";
import type { Store } from "../open";

export const SEEDED_ANNOTATION_IDS: ReadonlySet<string> = new Set(KNOWN_EVENTS.map((e) => e.id));

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

export function annotationView(a: Annotation) {
  return {
    id: a.id,
    date: iso(a.date),
    end_date: a.end_date ? iso(a.end_date) : null,
    title: a.title,
    body: a.body,
    outlet: a.outlet,
    source_date: iso(a.source_date),
    url: a.url,
    services: a.services,
    country: a.country,
    not_measured: a.not_measured,
    seeded: SEEDED_ANNOTATION_IDS.has(a.id),
    created_at: a.created_at.toISOString(),
    updated_at: a.updated_at.toISOString(),
  };
}

export async function queryAnnotations(store: Store, q: AnnotationListQuery) {
  const rows = await store.prisma.annotation.findMany({
    where: {
      country: q.country,
      services: q.service ? { has: q.service } : undefined,
      date: { gte: q.since ? day(q.since) : undefined, lt: q.until ? day(q.until) : undefined },
    },
    orderBy: [{ date: "asc" }, { id: "asc" }],
  });
  return rows.map(annotationView);
}

export async function createAnnotation(store: Store, a: AnnotationCreate) {
  const row = await store.prisma.annotation.create({
    data: {
      id: `op-${crypto.randomUUID()}`,
      date: day(a.date),
      end_date: a.end_date ? day(a.end_date) : null,
      title: a.title,
      body: a.body ?? null,
      outlet: a.outlet,
      source_date: day(a.source_date),
      url: a.url ?? null,
      services: a.services ?? [],
      country: a.country,
      not_measured: a.not_measured ?? false,
    },
  });
  return annotationView(row);
}

/** Null when absent. */
export async function updateAnnotation(store: Store, id: string, p: AnnotationPatch) {
  const existing = await store.prisma.annotation.findUnique({ where: { id } });
  if (!existing) return null;
  const date = p.date ?? iso(existing.date);
  const end = p.end_date !== undefined ? p.end_date : existing.end_date ? iso(existing.end_date) : null;
  if (end && end < date) throw new AnnotationRangeError();
  const row = await store.prisma.annotation.update({
    where: { id },
    data: {
      date: p.date ? day(p.date) : undefined,
      end_date: p.end_date === undefined ? undefined : p.end_date ? day(p.end_date) : null,
      title: p.title,
      body: p.body,
      outlet: p.outlet,
      source_date: p.source_date ? day(p.source_date) : undefined,
      url: p.url,
      services: p.services,
      country: p.country,
      not_measured: p.not_measured,
      updated_at: new Date(),
    },
  });
  return annotationView(row);
}

export class AnnotationRangeError extends Error {
  override name = "AnnotationRangeError";
  constructor() {
    super("end_date must not be before date");
  }
}

/** False when absent. */
export async function deleteAnnotation(store: Store, id: string): Promise<boolean> {
  const r = await store.prisma.annotation.deleteMany({ where: { id } });
  return r.count > 0;
}
