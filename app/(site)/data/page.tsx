// /data: the API reference rendered from the OpenAPI document, the daily dumps, formats,
// licence and how to cite; and the explorer's own URL contract; in the reader's language
// (lib/i18n), the operations' summaries as the OpenAPI document states them.
import Link from "next/link";
import { pageLang } from "@/components/site/page-lang";
import { rich } from "@/components/site/Rich";
import { MEASUREMENTS_LICENSE } from "@/lib/api/measurement-view";
import { apiOperations } from "@/lib/explorer/api-reference";
import { RANGE_PRESETS } from "@/lib/explorer/view";
import { SOURCES, STAGES } from "@/lib/measurement/vocabulary";
import { countRequest } from "@/lib/metrics";

export const dynamic = "force-dynamic";
export async function generateMetadata({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { t } = await pageLang(await searchParams);
  return { title: t("data.title") };
}

export default async function DataPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { t } = await pageLang(await searchParams);
  countRequest("/data", 200);
  const ops = apiOperations().filter((o) => !o.tags.includes("volunteers"));
  const c = (text: string) => <code>{text}</code>;
  return (
    <>
      <h1>{t("data.title")}</h1>
      <p>{rich(t("data.intro"), { openapi: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> })}</p>
      <h2 id="views">{t("data.viewsTitle")}</h2>
      <ul>
        <li>
          {rich(t("data.views.paths"), {
            home: c("/"),
            country: c("/{cc}"),
            countryExample: <Link href="/ru">/ru</Link>,
            service: c("/{cc}/{service}"),
            serviceExample: <Link href="/ru/whatsapp">/ru/whatsapp</Link>,
            network: c("/{cc}/{service}/as{asn}"),
            networkExample: <Link href="/ru/telegram/as12389">/ru/telegram/as12389</Link>,
          })}
        </li>
        <li>
          {rich(t("data.views.params"), {
            range: c("range"),
            ranges: RANGE_PRESETS.join(" | "),
            fromTo: (
              <>
                {c("from")}/{c("to")}
              </>
            ),
            grain: c("grain"),
            stage: c("stage"),
            stages: STAGES.join(" | "),
            source: c("source"),
            sources: [...SOURCES, "all"].join(" | "),
            mode: c("mode"),
            lang: c("lang"),
          })}
        </li>
        <li>
          {rich(t("data.views.pages"), {
            compare1: c("/compare?cc=ru&services=whatsapp,telegram,max"),
            compare2: c("/compare?service=telegram&cc=ru,by"),
            events: c("/events"),
            event: c("/events/{id}"),
            measurement: c("/measurements/{id}"),
            measurements: c("/measurements?cc=..&service=..&grain=day&bucket=2026-02-11T00:00:00.000Z"),
          })}
        </li>
        <li>{t("data.views.errors")}</li>
      </ul>
      <h2 id="api">{t("data.apiTitle")}</h2>
      {ops.map((o) => (
        <section key={`${o.method} ${o.path}`} className="panel" data-testid="api-operation">
          <h3>
            <code>
              {o.method} {o.path}
            </code>
          </h3>
          <p>{o.summary}</p>
          {o.description && <p className="small muted">{o.description}</p>}
          {o.parameters.length > 0 && (
            <div className="table-wrap" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("data.col.parameter")}</th>
                    <th scope="col">{t("data.col.in")}</th>
                    <th scope="col">{t("data.col.values")}</th>
                    <th scope="col">{t("data.col.meaning")}</th>
                  </tr>
                </thead>
                <tbody>
                  {o.parameters.map((p) => (
                    <tr key={p.name}>
                      <td>
                        <code>{p.name}</code>
                      </td>
                      <td>{p.in}</td>
                      <td>{p.values}</td>
                      <td>{p.description}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
      <h2 id="dumps">{t("data.dumpsTitle")}</h2>
      <p>{rich(t("data.dumps"), { path: c("/api/v1/dumps/{YYYY-MM-DD}.jsonl.gz"), csv: c("format=CSV") })}</p>
      <h2 id="licence">{t("data.licenceTitle")}</h2>
      <p>{MEASUREMENTS_LICENSE.text}</p>
      <h2 id="cite">{t("data.citeTitle")}</h2>
      <p>{t("data.cite", { service: "{service}", country: "{country}", from: "{from}", to: "{to}", date: "{date}" })}</p>
      <h2 id="source">{t("data.sourceTitle")}</h2>
      <p>{t("data.source")}</p>
    </>
  );
}
