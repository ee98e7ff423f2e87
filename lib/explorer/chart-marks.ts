// Pure placement of events (shaded bands) and annotations (numbered markers) on a view's
// buckets: each is snapped to the bucket holding it and clipped to the window.
import type { AnnotationView } from "../store/annotations";
import type { ViewWindow } from "./view";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export function bucketOf(window: ViewWindow, t: number): string {
  const step = window.grain === "hour" ? HOUR_MS : DAY_MS;
  const since = window.since.getTime();
  const clamped = Math.min(Math.max(t, since), window.until.getTime() - 1);
  return new Date(since + Math.floor((clamped - since) / step) * step).toISOString();
}

export interface EventSpan {
  id: string;
  started_at: Date;
  ended_at: Date | null;
}

/** The buckets an event covers inside the window, or null when it lies outside. */
export function eventBand(window: ViewWindow, e: EventSpan): { from: string; to: string } | null {
  const start = e.started_at.getTime();
  const end = e.ended_at ? e.ended_at.getTime() : Infinity;
  if (start >= window.until.getTime() || end <= window.since.getTime()) return null;
  return { from: bucketOf(window, start), to: bucketOf(window, Math.min(end - 1, window.until.getTime() - 1)) };
}

export interface Marker {
  n: number;
  at: string;
  annotation: AnnotationView;
}

/** Annotations inside the window, numbered from 1 in date order. */
export function annotationMarkers(window: ViewWindow, annotations: AnnotationView[]): Marker[] {
  return annotations
    .filter((a) => a.date >= window.fromDay && a.date <= window.toDay)
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id))
    .map((a, i) => ({ n: i + 1, at: bucketOf(window, Date.parse(`${a.date}T00:00:00Z`)), annotation: a }));
}
