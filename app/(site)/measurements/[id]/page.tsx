// /measurements/{id}: one stored measurement, per target and stage what the probe saw,
// the rules that fired, the resulting verdict and where the record came from.
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/explorer/Breadcrumbs";
import { StageCells } from "@/components/explorer/StageCells";
import { pageLang } from "@/components/site/page-lang";
import { rulesFired } from "@/lib/api/measurement-view";
import { formatDateTime } from "@/lib/i18n";
import type { MeasurementRecord } from "@/lib/measurement/schema";
import { countRequest } from "@/lib/metrics";
import { classLabel, countryLabel, networkTypeLabel, serviceLabel, sourceLabel, stageLabel, statusLabel, techniqueLabel } from "@/lib/present/labels";
import { getMeasurement } from "@/lib/store/queries/measurements";
import { timed } from "@/lib/server/store";
import { getReadStore } from "@/lib/server/read-store";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function MeasurementPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const { lang, t } = await pageLang(await searchParams);
  const store = await getReadStore();
  const m = await timed(() => getMeasurement(store, id));
  if (!m) notFound();
  countRequest("/measurements/{id}", 200);
  const { row, verdict } = m;
  const record = m.record as MeasurementRecord;
  const verdictByTarget = new Map(verdict.targets.map((v) => [v.target, v]));
  const fired = rulesFired(verdict);
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/", text: "Vantage" },
          { href: `/${row.country.toLowerCase()}/${row.service}`, text: `${serviceLabel(lang, row.service)}, ${countryLabel(lang, row.country)}` },
          { text: t("measurement.crumb") },
        ]}
        label="Breadcrumbs"
      />
      <h1>
        {serviceLabel(lang, row.service)}: {statusLabel(lang, row.status)} <span className="muted">({classLabel(lang, row.class as "ok")})</span>
      </h1>
      {row.source === "simulated" && <p className="simulated-banner">{t("simulated.banner")}</p>}
      <dl className="kv" data-testid="measurement-facts">
        <dt>{t("measurement.id")}</dt>
        <dd>
          <code>{row.id}</code>
        </dd>
        <dt>{t("measurement.started")}</dt>
        <dd>{formatDateTime(lang, row.started_at)}</dd>
        <dt>{t("measurement.network")}</dt>
        <dd>
          {countryLabel(lang, row.country)}, <Link href={`/${row.country.toLowerCase()}/${row.service}/as${row.asn}`}>AS{row.asn}</Link>
          {row.region ? `, ${row.region}` : ""} {row.network_type ? `(${networkTypeLabel(lang, row.network_type)})` : ""}
        </dd>
        <dt>{t("measurement.source")}</dt>
        <dd>
          {sourceLabel(lang, row.source)}
          {row.ooni_url && (
            <>
              {" "}
              (<a href={row.ooni_url}>{t("measurement.ooni")}</a>)
            </>
          )}
        </dd>
        <dt>{t("measurement.verdict")}</dt>
        <dd data-testid="measurement-class">
          {statusLabel(lang, row.status)}, {classLabel(lang, row.class as "ok")}
          {row.technique ? `, ${techniqueLabel(lang, row.technique)}` : ""}
          {row.rule ? (
            <>
              {" "}
              (<Link href={`/methodology#rule-${row.rule}`}>{row.rule}</Link>)
            </>
          ) : null}
          {row.allowlist ? `, ${t("measurement.allowlistRound")}` : ""}
        </dd>
        <dt>{t("measurement.rules")}</dt>
        <dd>
          {t("measurement.versions", { rules: row.rules_version, targets: row.targets_version, software: `${row.software_name} ${row.software_version}` })}
        </dd>
        <dt>{t("measurement.controls")}</dt>
        <dd>
          {t("measurement.controlsLine", {
            domestic: record.controls?.domestic?.host ?? "",
            domesticResult: record.controls?.domestic?.failure ?? t("measurement.cell.ok"),
            foreign: record.controls?.foreign?.host ?? "",
            foreignResult: record.controls?.foreign?.failure ?? t("measurement.cell.ok"),
          })}
        </dd>
        <dt>JSON</dt>
        <dd>
          <a href={`/api/v1/measurements/${row.id}`}>/api/v1/measurements/{row.id}</a>
        </dd>
      </dl>

      <h2>{t("measurement.fired")}</h2>
      {fired.length === 0 ? (
        <p className="muted">{t("measurement.noneFired")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("measurement.col.target")}</th>
                <th scope="col">{t("measurement.col.rule")}</th>
                <th scope="col">{t("measurement.col.verdict")}</th>
                <th scope="col">{t("measurement.col.stage")}</th>
                <th scope="col">{t("measurement.col.failure")}</th>
              </tr>
            </thead>
            <tbody>
              {fired.map((f) => (
                <tr key={f.target}>
                  <td>{f.target}</td>
                  <td>
                    <Link href={`/methodology#rule-${f.rule}`}>{f.rule}</Link>
                  </td>
                  <td>
                    {f.verdict}
                    {f.grade ? ` (${classLabel(lang, f.grade)})` : ""}
                  </td>
                  <td>{f.stage ? stageLabel(lang, f.stage) : ""}</td>
                  <td>{f.failure ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t("measurement.targets")}</h2>
      <div className="table-wrap" tabIndex={0}>
        <table data-testid="measurement-targets">
          <thead>
            <tr>
              <th scope="col">{t("measurement.col.target")}</th>
              <th scope="col">{t("measurement.col.verdict")}</th>
              <th scope="col">{stageLabel(lang, "dns")}</th>
              <th scope="col">{stageLabel(lang, "tcp")}</th>
              <th scope="col">{stageLabel(lang, "tls")}</th>
              <th scope="col">HTTP / WS</th>
              <th scope="col">{stageLabel(lang, "throughput")}</th>
            </tr>
          </thead>
          <tbody>
            {record.targets.map((target) => {
              const v = verdictByTarget.get(target.id);
              return (
                <tr key={target.id}>
                  <th scope="row">
                    {target.id}
                    <div className="small muted">
                      {target.host}:{target.port}
                    </div>
                  </th>
                  <td>
                    {v?.verdict ?? ""} {v?.rule ? `(${v.rule})` : ""}
                  </td>
                  <StageCells stages={target.stages} lang={lang} />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
