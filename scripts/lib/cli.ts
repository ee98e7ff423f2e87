// Runs a command-line entry point: known errors end with one clear line and exit 1,
// never a stack trace.
import { config } from "../../lib/config";

const KNOWN = new Set([
  "ConfigError",
  "StoreConfigError",
  "StoreConnectError",
  "StoreBusyError",
  "MigrationError",
  "IngestValidationError",
  "IngestConflictError",
  "Error",
]);

/** VANTAGE_DEBUG, without letting a bad configuration hide the error being reported. */
export function debugWanted(): boolean {
  try {
    return config().VANTAGE_DEBUG;
  } catch {
    return false;
  }
}

export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      const e = error as Error;
      if (debugWanted()) console.error(e.stack);
      console.error(`error: ${KNOWN.has(e?.name) ? e.message : String(e?.stack ?? e)}`);
      process.exit(1);
    },
  );
}
