// Next.js runs register() once when the server starts. It checks the configuration and
// starts the upload workers (lib/server/upload-pool) then, so the first upload does not
// wait for them to load their modules (about 3 s on a fresh clone, whose compile cache is
// cold). NEXT_RUNTIME is Next.js's own variable telling the Node.js server from the edge
// runtime; it is read here, before any of our modules load (docs/configuration.md).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { config } = await import("./lib/config");
  try {
    config();
  } catch (error) {
    // `npm start` refuses a bad configuration before serving; a server started another way
    // logs it here, and the routes that need the bad setting answer 500 until it is fixed.
    console.error(`configuration: ${(error as Error).message}`);
    return;
  }
  const { startUploadPool } = await import("./lib/server/upload-pool");
  startUploadPool();
  // Event webhooks queued while no server ran (npm run detect, the demo seeder, a restart
  // between retries) are sent now, not at the first upload.
  const [{ getStore }, { wakeWebhooks }] = await Promise.all([import("./lib/server/store"), import("./lib/webhooks/dispatch")]);
  getStore()
    .then((store) => wakeWebhooks(store))
    .catch((error) => console.error(`webhooks: ${(error as Error).message}`));
}
