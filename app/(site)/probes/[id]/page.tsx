// /probes/[id]: one probe's page. Health (state, last seen to the hour, backlog and version
// from its last heartbeat, offline notices), activity (rounds and uploads over 24 h and 7
// days), its own timeline of the verdicts it measured over 30 days, its contribution
// (measurements, days active, whether its network reaches the detector's owner quorum), and
// the owner's actions behind the volunteer key. Same privacy rules as the list.
import { notFound } from "next/navigation";
import { DEFAULT_DETECT_CONFIG } from "@/lib/detect/config";
import { formatDay, messagesWithPrefixes, translator, type Translate } from "@/lib/i18n";
import { classLabel, countryLabel, networkTypeLabel } from "@/lib/present/labels";
import { countRequest } from "@/lib/metrics";
import { getStore, timed } from "@/lib/server/store";
import { findProbe, listRegistry, networkOwners, probeActivity, probeFlagCounts, probeHistory } from "@/lib/store/volunteers";
import { isOffline, OFFLINE_AFTER_INTERVALS, roundedToHour } from "@/lib/volunteers/presence";
import { countByNetwork, publicNetwork } from "@/lib/volunteers/privacy";
import { intervalLabel, networkLabel, pageLang, probeStyles } from "../format";
import { OwnerPanel } from "./OwnerPanel";
import { VOLUNTEER_MESSAGE_PREFIXES } from "../interval";

export const dynamic = "force-dynamic";

const CLASSES = ["ok", "anomaly", "confirmed", "failure"] as const;

export default async function ProbePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams?: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const lang = await pageLang(searchParams);
  const t = translator(lang);
  const store = await getStore();
  const probe = await timed(() => findProbe(store, id));
  if (!probe || probe.status === "revoked") {
    countRequest("/probes/[id]", 404);
    notFound();
  }
  countRequest("/probes/[id]", 200);
  const now = new Date();
  const [registry, history, flags, activity, owners] = await timed(() =>
    Promise.all([listRegistry(store), probeHistory(store, probe.id, now), probeFlagCounts(store, probe.id, now), probeActivity(store, probe.id, now), networkOwners(store, probe)]),
  );
  const counts = countByNetwork(registry.filter((p) => p.status !== "revoked"));
  const offline = isOffline(probe.last_seen_at, probe.interval_s, now);
  const shownNetwork = publicNetwork(probe, counts);
  const seen = roundedToHour(probe.last_seen_at);
  const state = probe.status === "paused" ? "paused" : offline ? "offline" : "online";
  const quorum = DEFAULT_DETECT_CONFIG.minOwners;
  const days = lastDays(now, 30);
  const byDay = new Map(history.map((d) => [d.day, d]));
  const peak = Math.max(1, ...history.map((d) => d.measurements));
  return (
    <div className="vol">
      <style>{probeStyles}</style>
      <nav className="breadcrumbs" aria-label={t("volunteer.page.crumbs")}>
        <ol>
          <li>
            <a href="/probes">{t("volunteer.list.title")}</a>
          </li>
          <li aria-current="page">{probe.name}</li>
        </ol>
      </nav>
      <h1>{probe.name}</h1>
      <dl className="facts">
        <dt>{t("volunteer.page.state")}</dt>
        <dd data-testid="probe-state" className={`state-${state}`}>
          {state === "paused" ? t("volunteer.state.paused") : state === "offline" ? t("volunteer.state.offline", { n: OFFLINE_AFTER_INTERVALS }) : t("volunteer.state.online")}
        </dd>
        <dt>{t("volunteer.page.lastSeen")}</dt>
        <dd data-testid="probe-last-seen">{seen ? `${seen.toISOString().slice(0, 13).replace("T", " ")}:00 UTC` : t("volunteer.page.never")}</dd>
        <dt>{t("volunteer.page.network")}</dt>
        <dd>
          {shownNetwork.asn === null
            ? t("volunteer.page.networkHidden", { country: countryLabel(lang, probe.country), type: networkTypeLabel(lang, probe.network_type) })
            : networkLabel(shownNetwork, networkTypeLabel(lang, probe.network_type))}
        </dd>
        <dt>{t("volunteer.page.schedule")}</dt>
        <dd>{intervalLabel(t, probe.interval_s)}</dd>
        <dt>{t("volunteer.page.version")}</dt>
        <dd data-testid="probe-version">{probe.software_version ?? t("volunteer.page.unknown")}</dd>
        <dt>{t("volunteer.page.backlog")}</dt>
        <dd data-testid="probe-backlog">{probe.last_queued === null ? t("volunteer.page.unknown") : t("volunteer.page.backlogValue", { n: probe.last_queued })}</dd>
        <dt>{t("volunteer.page.notices")}</dt>
        <dd data-testid="probe-notices">{t("volunteer.page.noticesValue", { n: probe.offline_notices })}</dd>
      </dl>

      <h2>{t("volunteer.page.activity")}</h2>
      <div className="table-wrap">
        <table className="probes" data-testid="probe-activity">
          <thead>
            <tr>
              <th></th>
              <th className="num">{t("range.24h")}</th>
              <th className="num">{t("range.7d")}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t("volunteer.page.rounds")}</th>
              <td className="num">{activity.rounds24h}</td>
              <td className="num">{activity.rounds7d}</td>
            </tr>
            <tr>
              <th scope="row">{t("volunteer.page.uploads")}</th>
              <td className="num">{activity.uploads24h}</td>
              <td className="num">{activity.uploads7d}</td>
            </tr>
          </tbody>
        </table>
      </div>

      <h2>{t("volunteer.page.contribution")}</h2>
      <dl className="facts">
        <dt>{t("volunteer.page.measurements")}</dt>
        <dd data-testid="probe-total">{activity.measurements}</dd>
        <dt>{t("volunteer.page.daysActive")}</dt>
        <dd data-testid="probe-days">{activity.daysActive}</dd>
        <dt>{t("volunteer.page.quorum")}</dt>
        <dd data-testid="probe-quorum">{owners >= quorum ? t("volunteer.page.quorumMet", { n: owners, q: quorum }) : t("volunteer.page.quorumShort", { n: owners, q: quorum })}</dd>
      </dl>

      <h2>{t("volunteer.page.timeline")}</h2>
      <p className="chart-sub">{t("volunteer.page.timelineSub")}</p>
      <div className="timeline" role="img" aria-label={t("volunteer.page.timelineLabel")}>
        {days.map((day) => {
          const d = byDay.get(day);
          return (
            <div key={day} className="day" title={`${day}: ${d ? d.measurements : t("common.noData")}`}>
              {d && d.measurements > 0 && CLASSES.map((c) => (d.classes[c] > 0 ? <span key={c} className={`seg-${c}`} style={{ height: `${(d.classes[c] / peak) * 100}%` }} /> : null))}
            </div>
          );
        })}
      </div>
      <ul className="legend">
        {CLASSES.map((c) => (
          <li key={c}>
            <span className={`swatch seg-${c}`} /> {classLabel(lang, c)}
          </li>
        ))}
        <li>
          <span className="swatch seg-unknown" /> {t("common.noData")}
        </li>
      </ul>
      {history.length === 0 ? (
        <p className="panel">{t("volunteer.page.nothing")}</p>
      ) : (
        <div className="table-wrap">
          <table className="probes" data-testid="probe-history">
            <thead>
              <tr>
                <th>{t("volunteer.page.day")}</th>
                <th className="num">{t("volunteer.page.measurements")}</th>
                {CLASSES.map((c) => (
                  <th key={c} className="num">
                    {classLabel(lang, c)}
                  </th>
                ))}
                <th className="num">{t("volunteer.page.flagged")}</th>
                <th className="num">{t("volunteer.page.heartbeats")}</th>
                <th className="num">{t("volunteer.page.largestBacklog")}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((d) => (
                <tr key={d.day} data-day={d.day}>
                  <td>{formatDay(lang, d.day)}</td>
                  <td className="num">{d.measurements}</td>
                  {CLASSES.map((c) => (
                    <td key={c} className="num">
                      {d.classes[c]}
                    </td>
                  ))}
                  <td className="num">{d.flagged}</td>
                  <td className="num">{d.heartbeats}</td>
                  <td className="num">{d.maxQueued}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {flags.length > 0 && (
        <>
          <h2>{t("volunteer.page.flags")}</h2>
          <p>{t("volunteer.page.flagsIntro")}</p>
          <div className="table-wrap">
            <table className="probes" data-testid="probe-flags">
              <thead>
                <tr>
                  <th>{t("volunteer.page.flag")}</th>
                  <th className="num">{t("volunteer.page.measurements")}</th>
                  <th>{t("volunteer.page.meaning")}</th>
                </tr>
              </thead>
              <tbody>
                {flags.map((f) => (
                  <tr key={f.flag}>
                    <td>
                      <code>{f.flag}</code>
                    </td>
                    <td>{f.count}</td>
                    <td>{flagMeaning(t, f.flag)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <OwnerPanel lang={lang} messages={messagesWithPrefixes(lang, VOLUNTEER_MESSAGE_PREFIXES)} probeId={probe.id} name={probe.name} status={probe.status} />
    </div>
  );
}

/** The last `n` UTC days up to `now`, oldest first, as YYYY-MM-DD. */
function lastDays(now: Date, n: number): string[] {
  return Array.from({ length: n }, (_, i) => new Date(now.getTime() - (n - 1 - i) * 86400_000).toISOString().slice(0, 10));
}

/** The flags the probe page explains; their words are in lib/i18n (volunteer.flag.*). */
const FLAG_KEYS = {
  asn_mismatch: "volunteer.flag.asn_mismatch",
  country_mismatch: "volunteer.flag.country_mismatch",
  asn_unknown: "volunteer.flag.asn_unknown",
  clock_future: "volunteer.flag.clock_future",
  probe_id_mismatch: "volunteer.flag.probe_id_mismatch",
} as const;

function flagMeaning(t: Translate, flag: string): string {
  const key = FLAG_KEYS[flag as keyof typeof FLAG_KEYS];
  return key ? t(key) : "";
}
