// /data: the API reference rendered from the OpenAPI document, the daily dumps, formats,
// licence and how to cite; and the explorer's own URL contract.
import Link from "next/link";
import { pageLang } from "@/components/site/page-lang";
import { MEASUREMENTS_LICENSE } from "@/lib/api/measurement-view";
import { apiOperations } from "@/lib/explorer/api-reference";
import { RANGE_PRESETS } from "@/lib/explorer/view";
import { SOURCES, STAGES } from "@/lib/measurement/vocabulary";
import { countRequest } from "@/lib/metrics";

export const dynamic = "force-dynamic";
export const metadata = { title: "Data and API" };

export default async function DataPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await pageLang(await searchParams);
  countRequest("/data", 200);
  const ops = apiOperations().filter((o) => !o.tags.includes("volunteers"));
  return (
    <>
      <h1>Data and API</h1>
      <p>
        Every number on this site can be downloaded and traced to the measurements behind it. The machine-readable description of the API is{" "}
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1); this page is rendered from it.
      </p>
      <h2 id="views">Permalinks: the explorer's URL contract</h2>
      <ul>
        <li>
          <code>/</code> home; <code>/{"{cc}"}</code> a country (<Link href="/ru">/ru</Link>); <code>/{"{cc}/{service}"}</code> a service in a
          country (<Link href="/ru/whatsapp">/ru/whatsapp</Link>); <code>/{"{cc}/{service}/as{asn}"}</code> one network (
          <Link href="/ru/telegram/as12389">/ru/telegram/as12389</Link>).
        </li>
        <li>
          <code>range</code> = {RANGE_PRESETS.join(" | ")} (default <code>all</code>: the data of the view's own scope and source), or{" "}
          <code>from</code>/<code>to</code> as UTC days (inclusive); <code>grain</code> = hour | day (default: hour up to 7 days, day beyond; hour
          up to 31 days); <code>stage</code> = {STAGES.join(" | ")}; <code>source</code> = {[...SOURCES, "all"].join(" | ")};{" "}
          <code>mode</code> = shares | counts; <code>lang</code> = en | ru.
        </li>
        <li>
          <code>/compare?cc=ru&amp;services=whatsapp,telegram,max</code> and <code>/compare?service=telegram&amp;cc=ru,by</code>;{" "}
          <code>/events</code> (service, cc, asn, technique, status, from, to) and <code>/events/{"{id}"}</code>;{" "}
          <code>/measurements/{"{id}"}</code> and <code>/measurements?cc=..&amp;service=..&amp;grain=day&amp;bucket=2026-02-11T00:00:00.000Z</code>.
        </li>
        <li>A malformed parameter is named on the page and its default used; a malformed path is a 404.</li>
      </ul>
      <h2 id="api">API reference</h2>
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
                    <th scope="col">parameter</th>
                    <th scope="col">in</th>
                    <th scope="col">values</th>
                    <th scope="col">meaning</th>
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
      <h2 id="dumps">Dumps and formats</h2>
      <p>
        One file per UTC day with every measurement of that day, as JSON lines: <code>/api/v1/dumps/{"{YYYY-MM-DD}"}.jsonl.gz</code> (gzip). Aggregations
        are JSON or CSV (<code>format=CSV</code>); measurements are JSON with the raw record, the server's verdict and the rules that fired.
      </p>
      <h2 id="licence">Licence</h2>
      <p>{MEASUREMENTS_LICENSE.text}</p>
      <h2 id="cite">How to cite</h2>
      <p>
        Vantage, an open observatory of messenger reachability. Measurements of {"{service}"} in {"{country}"}, {"{from}"} to {"{to}"} (UTC),
        retrieved {"{date}"} from the permalink of the view. Cite the permalink: it reopens the same view.
      </p>
      <h2 id="source">Source code</h2>
      <p>The site, the probe and the rules are open source; this server runs them from its own repository checkout.</p>
    </>
  );
}
