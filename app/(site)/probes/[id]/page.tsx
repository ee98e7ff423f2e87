// /probes/[id]: one probe's health (heartbeats, spool backlog) and contribution per day
// over the last 30 days. Same privacy rules as the list.
import { notFound } from "next/navigation";
import { countRequest } from "@/lib/metrics";
import { getStore, timed } from "@/lib/server/store";
import { findProbe, listRegistry, probeFlagCounts, probeHistory } from "@/lib/store/volunteers";
import { isOffline, OFFLINE_AFTER_INTERVALS, roundedToHour } from "@/lib/volunteers/presence";
import { countByNetwork, publicNetwork } from "@/lib/volunteers/privacy";
import { networkLabel, probeStyles } from "../format";

export const dynamic = "force-dynamic";

export default async function ProbePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const store = await getStore();
  const probe = await timed(() => findProbe(store, id));
  if (!probe || probe.status === "revoked") {
    countRequest("/probes/[id]", 404);
    notFound();
  }
  countRequest("/probes/[id]", 200);
  const now = new Date();
  const [registry, history, flags] = await timed(() =>
    Promise.all([listRegistry(store), probeHistory(store, probe.id, now), probeFlagCounts(store, probe.id, now)]),
  );
  const counts = countByNetwork(registry.filter((p) => p.status !== "revoked"));
  const total = registry.find((p) => p.id === probe.id)?.measurements ?? 0;
  const offline = isOffline(probe.last_seen_at, probe.interval_s, now);
  const seen = roundedToHour(probe.last_seen_at);
  const max = Math.max(1, ...history.map((d) => d.measurements));
  return (
    <>
      <style>{probeStyles}</style>
      <p>
        <a href="/probes">All probes</a>
      </p>
      <h1>{probe.name}</h1>
      <dl>
        <dt>Country</dt>
        <dd>{probe.country}</dd>
        <dt>Network</dt>
        <dd>{networkLabel(publicNetwork(probe, counts), probe.network_type)}</dd>
        <dt>State</dt>
        <dd data-testid="probe-state">
          {probe.status === "paused" ? "paused by its owner" : offline ? `offline (silent for more than ${OFFLINE_AFTER_INTERVALS} intervals)` : "online"}
        </dd>
        <dt>Last seen (UTC, to the hour)</dt>
        <dd>{seen ? seen.toISOString().slice(0, 13).replace("T", " ") + ":00" : "never"}</dd>
        <dt>Measurements contributed</dt>
        <dd data-testid="probe-total">{total}</dd>
        <dt>Schedule</dt>
        <dd>one round every {Math.round(probe.interval_s / 60)} min</dd>
      </dl>
      <h2>Last 30 days</h2>
      {history.length === 0 ? (
        <div className="empty">Nothing heard from this probe in the last 30 days.</div>
      ) : (
        <table className="probes" data-testid="probe-history">
          <thead>
            <tr>
              <th>Day (UTC)</th>
              <th>Measurements</th>
              <th></th>
              <th>Flagged</th>
              <th>Heartbeats</th>
              <th>Largest backlog</th>
            </tr>
          </thead>
          <tbody>
            {history.map((d) => (
              <tr key={d.day}>
                <td>{d.day}</td>
                <td>{d.measurements}</td>
                <td>
                  <span className="bar" style={{ width: `${(d.measurements / max) * 12}rem` }} />
                </td>
                <td>{d.flagged}</td>
                <td>{d.heartbeats}</td>
                <td>{d.maxQueued}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {flags.length > 0 && (
        <>
          <h2>Flags, last 30 days</h2>
          <p>Measurements the server stored with a flag; they stay in the data, and researchers can leave them out.</p>
          <table className="probes" data-testid="probe-flags">
            <thead>
              <tr>
                <th>Flag</th>
                <th>Measurements</th>
                <th>Meaning</th>
              </tr>
            </thead>
            <tbody>
              {flags.map((f) => (
                <tr key={f.flag}>
                  <td>
                    <code>{f.flag}</code>
                  </td>
                  <td>{f.count}</td>
                  <td>{FLAG_MEANINGS[f.flag] ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

const FLAG_MEANINGS: Record<string, string> = {
  asn_mismatch: "uploaded from a network (ASN) other than the one the probe is registered in",
  country_mismatch: "uploaded from a country other than the one the probe is registered in",
  asn_unknown: "the upload's network was not in the server's IP-to-ASN database",
  clock_future: "started in the server's future: the probe's clock is ahead",
  probe_id_mismatch: "the record named another probe than the one that sent it",
};
