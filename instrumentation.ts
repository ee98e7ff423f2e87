// Next.js runs register() once when the server starts. It starts the upload workers
// (lib/volunteers/upload-pool) then, so the first upload does not wait for them to load
// their modules (about 3 s on a fresh clone, whose compile cache is cold). On PostgreSQL it
// also starts campaigning for the detection lease (lib/scale/leased-detection), so that of
// several instances exactly one runs event detection.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startUploadPool } = await import("./lib/volunteers/upload-pool");
  try {
    startUploadPool();
  } catch (error) {
    // A bad VANTAGE_UPLOAD_WORKERS (npm start refuses it before serving): uploads answer 500 until it is fixed.
    console.error(`upload workers: ${(error as Error).message}`);
  }
  const { startLeasedDetection } = await import("./lib/scale/leased-detection");
  const { getStore } = await import("./lib/store/server");
  try {
    startLeasedDetection(getStore);
  } catch (error) {
    // A bad setting (npm start refuses it before serving): detection stays off here.
    console.error(`detection lease: ${(error as Error).message}; this instance will not detect events`);
  }
}
