// npm run fingerprints:update -- --commit SHA --committed-at DATE HTTP_CSV DNS_CSV
// Rewrites lib/fingerprints/blocking-fingerprints.json from the two CSV files of OONI's
// blocking-fingerprints repository, with where they came from. Thin: lib/fingerprints.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { blockingFingerprintsPath, fingerprintFileFromCsv, fingerprintSet } from "../lib/fingerprints";

const USAGE = `usage: npm run fingerprints:update -- --commit SHA --committed-at DATE [--repository OWNER/NAME] fingerprints_http.csv fingerprints_dns.csv`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { commit: { type: "string" }, "committed-at": { type: "string" }, repository: { type: "string" } },
});
if (positionals.length !== 2 || !values.commit || !values["committed-at"]) {
  console.error(USAGE);
  process.exit(2);
}
const [httpPath, dnsPath] = positionals;
const file = fingerprintFileFromCsv(fs.readFileSync(httpPath, "utf8"), fs.readFileSync(dnsPath, "utf8"), {
  repository: values.repository ?? "ooni/blocking-fingerprints",
  files: ["fingerprints_http.csv", "fingerprints_dns.csv"],
  commit: values.commit,
  committed_at: values["committed-at"],
  note: "rows of scope nat, isp, prod and inst; fp (false-positive markers) and vbw (vague words) are left out",
});
const set = fingerprintSet(file);
fs.writeFileSync(blockingFingerprintsPath(), `${JSON.stringify(file, null, 1)}\n`);
console.log(
  `wrote ${blockingFingerprintsPath()}: ${file.http.length} HTTP and ${file.dns.length} DNS fingerprints from ${file.source.repository}@${file.source.commit}` +
    (set.skipped.length ? `; ${set.skipped.length} regexp pattern(s) JavaScript cannot compile are skipped: ${set.skipped.join(", ")}` : ""),
);
