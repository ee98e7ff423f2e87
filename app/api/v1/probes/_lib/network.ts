// The network check of POST /api/v1/measurements: where VANTAGE_MMDB_PATH names an MMDB
// file, the connecting address is looked up and compared with the probe's registered
// network, and only the resulting flags leave this module (the address is never stored
// or logged). The file is loaded once per process (per path, read from the environment
// like the limits beside this file); a missing or unreadable file is logged once, naming
// the path, and uploads go on without the check. `npm start` refuses to start with one.
import { config } from "@/lib/config";
import { networkFlags, openAsnDatabase, type AsnDatabase } from "@/lib/net/asn-db";
import { connectingAddress } from "./auth";

const key = Symbol.for("vantage.asn-database");
const g = globalThis as unknown as Record<symbol, { path: string; db: AsnDatabase | null } | undefined>;

/** The configured database, or null when none is configured or it could not be opened. */
export function asnDatabase(): AsnDatabase | null {
  const path = config().VANTAGE_MMDB_PATH;
  if (!path) return null;
  const loaded = g[key];
  if (loaded?.path === path) return loaded.db;
  let db: AsnDatabase | null = null;
  try {
    db = openAsnDatabase(path);
  } catch (error) {
    console.error(`${(error as Error).message}; uploads are stored without the network check until it is fixed and the server restarted`);
  }
  g[key] = { path, db };
  return db;
}

/** Flags for every record of an upload from `request` (empty without a database). */
export function uploadNetworkFlags(request: Request, probe: { asn: number; country: string }): string[] {
  const db = asnDatabase();
  if (!db) return [];
  const address = connectingAddress(request);
  return networkFlags(probe, address ? db.lookup(address) : null);
}
