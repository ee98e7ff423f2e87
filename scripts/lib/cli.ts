// Runs a command-line entry point: known errors end with one clear line and exit 1,
// never a stack trace.
const KNOWN = new Set([
  "StoreConfigError",
  "StoreConnectError",
  "StoreBusyError",
  "MigrationError",
  "IngestValidationError",
  "IngestConflictError",
  "InstanceConfigError",
  "ReadReplicaConfigError",
  "Error",
]);

export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      const e = error as Error;
      if (process.env.VANTAGE_DEBUG) console.error(e.stack);
      console.error(`error: ${KNOWN.has(e?.name) ? e.message : String(e?.stack ?? e)}`);
      process.exit(1);
    },
  );
}
