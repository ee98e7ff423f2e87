// /probes: the public list of volunteer probes. Never an address; last seen rounded to the
// hour; a network with fewer than three probes is shown as its country only.
import { countRequest } from "@/lib/metrics";
import { getStore, timed } from "@/lib/server/store";
import { listRegistry } from "@/lib/store/volunteers";
import { isOffline, roundedToHour } from "@/lib/volunteers/presence";
import { countByNetwork, publicNetwork } from "@/lib/volunteers/privacy";
import { translator } from "@/lib/i18n";
import { networkLabel, pageLang, probeStyles } from "./format";

export const dynamic = "force-dynamic";

export default async function ProbesPage({ searchParams }: { searchParams?: Promise<Record<string, string | string[] | undefined>> } = {}) {
  countRequest("/probes", 200);
  const t = translator(await pageLang(searchParams));
  const store = await getStore();
  const probes = (await timed(() => listRegistry(store))).filter((p) => p.status !== "revoked");
  const counts = countByNetwork(probes);
  const now = new Date();
  return (
    <>
      <style>{probeStyles}</style>
      <h1>{t("volunteer.list.title")}</h1>
      <p className="muted">
        {t("volunteer.list.intro", { n: probes.length })} <a href="/probes/new">{t("volunteer.new.title")}</a>.
      </p>
      {probes.length === 0 ? (
        <div className="empty">{t("volunteer.list.empty")}</div>
      ) : (
        <table className="probes" data-testid="probe-list">
          <thead>
            <tr>
              <th>{t("volunteer.list.name")}</th>
              <th>{t("volunteer.list.country")}</th>
              <th>{t("volunteer.list.network")}</th>
              <th>{t("volunteer.list.state")}</th>
              <th>{t("volunteer.list.measurements")}</th>
              <th>{t("volunteer.list.lastSeen")}</th>
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
                  <td className={t(p.status === "paused" ? "volunteer.list.paused" : offline ? "volunteer.list.offline" : "volunteer.list.online")}>
                    {t(p.status === "paused" ? "volunteer.list.paused" : offline ? "volunteer.list.offline" : "volunteer.list.online")}
                  </td>
                  <td>{p.measurements}</td>
                  <td>{seen ? seen.toISOString().slice(0, 13).replace("T", " ") + ":00" : t("volunteer.list.never")}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
