// /probes: the public list of volunteer probes. Never an address; last seen rounded to the
// hour; a network with fewer than three probes is shown as its country only.
import { countRequest } from "@/lib/metrics";
import { getStore, timed } from "@/lib/server/store";
import { listRegistry } from "@/lib/store/volunteers";
import { isOffline, roundedToHour } from "@/lib/volunteers/presence";
import { countByNetwork, publicNetwork } from "@/lib/volunteers/privacy";
import { networkLabel, probeStyles } from "./format";

export const dynamic = "force-dynamic";

export default async function ProbesPage() {
  countRequest("/probes", 200);
  const store = await getStore();
  const probes = (await timed(() => listRegistry(store))).filter((p) => p.status !== "revoked");
  const counts = countByNetwork(probes);
  const now = new Date();
  return (
    <>
      <style>{probeStyles}</style>
      <h1>Volunteer probes</h1>
      <p className="muted">
        {probes.length} probe(s). A network with fewer than three probes is shown by its country only. Last seen is rounded
        to the hour. <a href="/probes/new">Run a probe</a>.
      </p>
      {probes.length === 0 ? (
        <div className="empty">No volunteer probes yet.</div>
      ) : (
        <table className="probes" data-testid="probe-list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Country</th>
              <th>Network</th>
              <th>State</th>
              <th>Measurements</th>
              <th>Last seen (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {probes.map((p) => {
              const offline = isOffline(p.last_seen_at, p.interval_s, now);
              const seen = roundedToHour(p.last_seen_at);
              return (
                <tr key={p.id}>
                  <td>
                    <a href={`/probes/${encodeURIComponent(p.id)}`}>{p.name}</a>
                  </td>
                  <td>{p.country}</td>
                  <td>{networkLabel(publicNetwork(p, counts), p.network_type)}</td>
                  <td className={p.status === "paused" ? "paused" : offline ? "offline" : "online"}>
                    {p.status === "paused" ? "paused" : offline ? "offline" : "online"}
                  </td>
                  <td>{p.measurements}</td>
                  <td>{seen ? seen.toISOString().slice(0, 13).replace("T", " ") + ":00" : "never"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
