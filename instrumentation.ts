// Next.js runs register() once when the server starts. It starts the upload workers
// (lib/volunteers/upload-pool) then, so the first upload does not wait for them to load
// their modules (about 3 s on a fresh clone, whose compile cache is cold).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startUploadPool } = await import("./lib/volunteers/upload-pool");
  try {
    startUploadPool();
  } catch (error) {
    // A bad VANTAGE_UPLOAD_WORKERS (npm start refuses it before serving): uploads answer 500 until it is fixed.
    console.error(`upload workers: ${(error as Error).message}`);
  }
}
