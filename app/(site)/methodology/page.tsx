// /methodology: what is measured, the verdict table and the detector's thresholds, read
// from the code that applies them (lib/explorer/methodology.ts), the thin-bucket rule of
// the charts, and the known limits; in the reader's language (lib/i18n).
import { pageLang } from "@/components/site/page-lang";
import { detectorThresholds, ruleRows, verdictThresholds } from "@/lib/explorer/methodology";
import { MIN_RATE_ROUNDS } from "@/lib/explorer/series";
import { countRequest } from "@/lib/metrics";
import { RULES_VERSION } from "@/lib/verdict";

export const dynamic = "force-dynamic";
export async function generateMetadata({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { t } = await pageLang(await searchParams);
  return { title: t("method.title") };
}

const LIMITS = ["method.limit.calls", "method.limit.quorum", "method.limit.outage", "method.limit.ooni", "method.limit.demo"] as const;

export default async function MethodologyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { lang, t } = await pageLang(await searchParams);
  countRequest("/methodology", 200);
  const number = new Intl.NumberFormat(lang === "ru" ? "ru-RU" : "en-GB");
  return (
    <>
      <h1>{t("method.title")}</h1>
      <p>{t("method.intro")}</p>
      <h2>{t("method.rulesTitle", { version: RULES_VERSION })}</h2>
      <div className="table-wrap" tabIndex={0}>
        <table data-testid="rules">
          <thead>
            <tr>
              <th scope="col">{t("method.col.rule")}</th>
              <th scope="col">{t("method.col.condition")}</th>
              <th scope="col">{t("method.col.verdict")}</th>
              <th scope="col">{t("method.col.grade")}</th>
            </tr>
          </thead>
          <tbody>
            {ruleRows(lang).map((r) => (
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
      <h3>{t("method.thresholdsTitle")}</h3>
      <dl className="kv" data-testid="verdict-thresholds">
        {verdictThresholds().map((c) => (
          <div key={c.name} style={{ display: "contents" }}>
            <dt>
              <code>{c.name}</code>
            </dt>
            <dd>{typeof c.value === "number" ? number.format(c.value) : c.value}</dd>
          </div>
        ))}
      </dl>
      <h2>{t("method.classesTitle")}</h2>
      <p>{t("method.classes")}</p>
      <h2 id="rates">{t("method.chartsTitle")}</h2>
      <p data-testid="rate-rule">{t("method.rates", { min: MIN_RATE_ROUNDS })}</p>
      <h2>{t("method.detectTitle")}</h2>
      <p>{t("method.detect")}</p>
      <dl className="kv" data-testid="detector-thresholds">
        {detectorThresholds(lang).map((c) => (
          <div key={c.key} style={{ display: "contents" }}>
            <dt>
              <code>{c.key}</code> = {c.value}
            </dt>
            <dd>{c.description}</dd>
          </div>
        ))}
      </dl>
      <h2>{t("method.limitsTitle")}</h2>
      <ul>
        {LIMITS.map((k) => (
          <li key={k}>{t(k)}</li>
        ))}
      </ul>
    </>
  );
}
