// The /data page's API reference, read from the OpenAPI document the API serves (pure):
// one entry per path and method, its parameters resolved from components.
import { OPENAPI } from "../api/openapi";

export interface ApiParameter {
  name: string;
  in: string;
  description: string;
  values: string;
}
export interface ApiOperation {
  method: string;
  path: string;
  summary: string;
  description: string;
  tags: string[];
  parameters: ApiParameter[];
}

type Json = Record<string, unknown>;

function schemaValues(schema: Json | undefined): string {
  if (!schema) return "";
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).join(", ");
  const type = Array.isArray(schema.type) ? (schema.type as string[]).join(" | ") : String(schema.type ?? "");
  const bounds = [schema.minimum !== undefined ? `≥ ${schema.minimum}` : "", schema.maximum !== undefined ? `≤ ${schema.maximum}` : ""].filter(Boolean).join(", ");
  return [type, schema.format ? `(${schema.format})` : "", bounds].filter(Boolean).join(" ");
}

export function apiOperations(doc: Json = OPENAPI as unknown as Json): ApiOperation[] {
  const components = (doc.components ?? {}) as { parameters?: Record<string, Json> };
  const resolve = (p: Json): Json => {
    const ref = p.$ref as string | undefined;
    return ref ? (components.parameters?.[ref.split("/").pop()!] ?? {}) : p;
  };
  const ops: ApiOperation[] = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      ops.push({
        method: method.toUpperCase(),
        path,
        summary: String(op.summary ?? ""),
        description: String(op.description ?? ""),
        tags: (op.tags as string[] | undefined) ?? [],
        parameters: ((op.parameters as Json[] | undefined) ?? []).map(resolve).map((p) => ({
          name: String(p.name ?? ""),
          in: String(p.in ?? ""),
          description: String(p.description ?? ""),
          values: schemaValues(p.schema as Json | undefined),
        })),
      });
    }
  }
  return ops;
}
