// /measurements?{view filters}&bucket=...: the measurements behind one chart bucket (their
// classes add up to the bucket), or behind an event (?event=), or over from/to.
import Link from "next/link";
import { Messages } from "@/components/explorer/Messages";
import { pageLang } from "@/components/site/page-lang";
import { loadMeasurementList, parseMeasurementList } from "@/lib/explorer/measurement-list";
import { formatDateTime, formatDay } from "@/lib/i18n";
import { VERDICT_CLASSES } from "@/lib/measurement/vocabulary";
import { countRequest } from "@/lib/metrics";
import { classLabel, countryLabel, serviceLabel, sourceLabel, statusLabel } from "@/lib/present/labels";
import { timed } from "@/lib/server/store";
import { getReadStore } from "@/lib/server/read-store";
import { ClassSwatch } from "@/components/charts/ClassPatterns";

export const dynamic = "force-dynamic";
export const metadata = { title: "Measurements" };

export default async function MeasurementsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  const { lang, t } = await pageLang(query);
  countRequest("/measurements", 200);
  const { list, messages } = parseMeasurementList(query);
  const store = await getReadStore();
  const result = await timed(() => loadMeasurementList(store, list));
  const f = list.filters;
  const scope = [f.service ? serviceLabel(lang, f.service) : null, f.country ? countryLabel(lang, f.country) : null, f.asn !== undefined ? `AS${f.asn}` : null, f.source ? sourceLabel(lang, f.source) : null]
    .filter(Boolean)
    .join(", ");
  const heading = list.bucket
    ? t("measurements.bucket", { bucket: list.bucket.grain === "hour" ? formatDateTime(lang, list.bucket.start) : `${formatDay(lang, list.bucket.start)} (UTC)` })
    : list.eventId
      ? t("measurements.event", { id: list.eventId })
      : list.since && list.until
        ? t("measurements.range", { from: formatDay(lang, list.since), to: formatDay(lang, new Date(list.until.getTime() - 1)) })
        : t("measurements.title");
  const back = f.country && f.service ? `/${f.country.toLowerCase()}/${f.service}${f.asn !== undefined ? `/as${f.asn}` : ""}` : null;
  return (
    <>
      <h1>{heading}</h1>
      {scope && <p className="muted">{scope}</p>}
      <Messages messages={messages} intro={t("view.messages")} t={t} />
      {back && (
        <p>
          <Link href={back}>{t("measurements.back")}</Link>
        </p>
      )}
      <h2>{t("measurements.counts", { total: result.total })}</h2>
      <ul className="legend" data-testid="measurement-counts">
        {VERDICT_CLASSES.map((c) => (
          <li key={c} data-class={c} data-count={result.counts[c]}>
            <ClassSwatch cls={c} /> {classLabel(lang, c)}: {result.counts[c]}
          </li>
        ))}
      </ul>
      <p className="small muted">{t("measurements.listed", { n: result.rows.length })}</p>
      <div className="table-wrap" tabIndex={0}>
        <table data-testid="measurement-list">
          <thead>
            <tr>
              <th scope="col">{t("measurements.time")}</th>
              <th scope="col">{t("events.service")}</th>
              <th scope="col">{t("measurement.network")}</th>
              <th scope="col">{t("measurement.verdict")}</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((m) => (
              <tr key={m.id}>
                <td>
                  <Link href={`/measurements/${m.id}`}>{formatDateTime(lang, m.started_at)}</Link>
                </td>
                <td>{serviceLabel(lang, m.service)}</td>
                <td>
                  AS{m.asn} {m.region ?? ""} {m.network_type ? `(${m.network_type})` : ""}
                </td>
                <td data-class={m.class}>
                  {statusLabel(lang, m.status)}, {classLabel(lang, m.class as "ok")} {m.rule ? `(${m.rule})` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
