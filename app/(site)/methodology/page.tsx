// /methodology: what is measured, the verdict table and the detector's thresholds, read
// from the code that applies them (lib/explorer/methodology.ts), and the known limits.
import { pageLang } from "@/components/site/page-lang";
import { detectorThresholds, ruleRows, verdictThresholds } from "@/lib/explorer/methodology";
import { MIN_RATE_ROUNDS } from "@/lib/explorer/series";
import { countRequest } from "@/lib/metrics";
import { RULES_VERSION } from "@/lib/verdict";

export const dynamic = "force-dynamic";
export const metadata = { title: "Methodology" };

export default async function MethodologyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { t } = await pageLang(await searchParams);
  countRequest("/methodology", 200);
  return (
    <>
      <h1>Methodology</h1>
      <p>
        Each round a probe runs every enabled service's targets through the stages in order (DNS, TCP, TLS, HTTP, WebSocket, throughput) and two
        controls, a domestic and a foreign host. It records raw results only: failure strings from OONI's df-007 vocabulary, timings, both
        resolvers' answers, a second TLS handshake with a neutral SNI when the first fails, and throughput samples against a control object.
        The server re-scores every record with the rules below (it never trusts the probe's own verdict); the earliest failing stage is the cause.
      </p>
      <h2>Verdict rules (rules version {RULES_VERSION})</h2>
      <div className="table-wrap" tabIndex={0}>
        <table data-testid="rules">
          <thead>
            <tr>
              <th scope="col">rule</th>
              <th scope="col">condition</th>
              <th scope="col">target verdict</th>
              <th scope="col">grade</th>
            </tr>
          </thead>
          <tbody>
            {ruleRows().map((r) => (
              <tr key={r.id} id={`rule-${r.id}`}>
                <th scope="row">{r.id}</th>
                <td>{r.when}</td>
                <td>{r.verdict}</td>
                <td>{r.grade}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Thresholds of the rules</h3>
      <dl className="kv" data-testid="verdict-thresholds">
        {verdictThresholds().map((c) => (
          <div key={c.name} style={{ display: "contents" }}>
            <dt>
              <code>{c.name}</code>
            </dt>
            <dd>{typeof c.value === "number" ? c.value.toLocaleString("en-GB") : c.value}</dd>
          </div>
        ))}
      </dl>
      <h2>From verdicts to classes</h2>
      <p>
        Per service and round the targets are grouped into components. All components ok: ok. None ok: blocked. Some: partial. Reachable but
        throttled or stalled: throttled. Both controls failing make the round inconclusive; a working domestic and failing foreign control mark it
        as an allowlist round. Classes, as OONI's aggregation uses them, are disjoint and sum to the total: <strong>confirmed</strong> (blocked,
        partial or throttled with confirmed-grade evidence), <strong>anomaly</strong> (blocked, partial or throttled otherwise),{" "}
        <strong>failure</strong> (inconclusive or error) and <strong>ok</strong>. No data is <strong>unknown</strong>: never counted as a class,
        never drawn as ok or as down.
      </p>
      <h2>Event detection</h2>
      <p>
        The detector works on per-round verdicts in buckets as long as the probe schedule. A network bucket needs a quorum of probes of distinct
        owners; several anomalous buckets in a row open an event and several healthy ones close it. Throughput is judged against each probe's own
        baseline, from which periods inside events are left out. A country event joins network events of several networks with close onsets.
      </p>
      <dl className="kv" data-testid="detector-thresholds">
        {detectorThresholds().map((c) => (
          <div key={c.key} style={{ display: "contents" }}>
            <dt>
              <code>{c.key}</code> = {c.value}
            </dt>
            <dd>{c.description}</dd>
          </div>
        ))}
      </dl>
      <h2 id="rates">{t("method.chartsTitle")}</h2>
      <p data-testid="rate-rule">{t("method.rates", { min: MIN_RATE_ROUNDS })}</p>
      <h2>Known limits</h2>
      <ul>
        <li>Call restrictions (UDP voice and video) are not measured by this probe version: they appear as annotations, not data.</li>
        <li>A network with fewer than three probes is shown at country level only; with fewer than three distinct owners per bucket the detector says unknown.</li>
        <li>A service failing from every vantage point, including reference probes outside the country, is an outage, not a block.</li>
        <li>Imported OONI data is scored by the same rules but has no neutral-SNI retry (rule S4) and no probe identity, so it cannot join a quorum.</li>
        <li>The demo store holds simulated data, labelled as such everywhere it is shown.</li>
      </ul>
    </>
  );
}
