// Debian's Chromium driven by playwright-core. Without it the browser tests are skipped
// loudly; with CI=true a missing Chromium is a failure.
import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.VANTAGE_CHROMIUM ?? "/usr/bin/chromium";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function chromiumAvailable(): boolean {
  const found = fs.existsSync(CHROMIUM_PATH);
  if (!found) {
    const message = `Chromium not found at ${CHROMIUM_PATH}: browser tests cannot run (apt-get install chromium)`;
    if (process.env.CI === "true") throw new Error(message);
    console.warn(`\n!!!!!!!!\n!!! ${message}; SKIPPING them.\n!!!!!!!!\n`);
  }
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
}
