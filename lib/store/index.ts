export { openStore, StoreConnectError, type Store, type OpenStoreOptions } from "./open";
export { resolveStoreTarget, describeStoreTarget, StoreConfigError, type StoreTarget } from "./config";
export { StoreBusyError } from "./lock";
export { migrate, migrationStatus, MigrationError } from "./migrate";
