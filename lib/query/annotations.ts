// Annotations as the store writes and lists them (pure types); the operator API's zod
// schemas (lib/api/annotation-schema.ts) produce exactly these.
import type { ServiceId } from "../measurement/vocabulary";

export interface AnnotationCreate {
  date: string;
  end_date?: string | null;
  title: string;
  body?: string | null;
  outlet: string;
  source_date: string;
  url?: string | null;
  services?: ServiceId[];
  country: string;
  not_measured?: boolean;
}

export type AnnotationPatch = { [K in keyof AnnotationCreate]?: Exclude<AnnotationCreate[K], undefined> };

export interface AnnotationListQuery {
  country?: string;
  service?: string;
  since?: string;
  until?: string;
}
