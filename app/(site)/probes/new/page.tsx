// /probes/new: create a volunteer key (shown once), register a probe with its interval and
// data budget (within the server's bounds), copy the one install command, and watch the
// page turn to "your probe is live" when its first heartbeat and round arrive.
import { messagesWithPrefixes, translator } from "@/lib/i18n";
import { probeSettingBounds } from "@/app/api/v1/probes/_lib/limits";
import { pageLang, probeStyles } from "../format";
import { RegisterProbeForm } from "./RegisterProbeForm";
import { VOLUNTEER_MESSAGE_PREFIXES } from "../interval";

export const dynamic = "force-dynamic";
export const metadata = { title: "Run a Vantage probe" };

export default async function NewProbePage({ searchParams }: { searchParams?: Promise<Record<string, string | string[] | undefined>> }) {
  const lang = await pageLang(searchParams);
  const t = translator(lang);
  const bounds = probeSettingBounds();
  return (
    <div className="vol">
      <style>{probeStyles}</style>
      <h1>{t("volunteer.new.title")}</h1>
      <p>{t("volunteer.new.intro")}</p>
      <p className="muted">{t("volunteer.new.risk")}</p>
      <RegisterProbeForm lang={lang} messages={messagesWithPrefixes(lang, VOLUNTEER_MESSAGE_PREFIXES)} bounds={bounds} />
      <section className="panel" aria-labelledby="sent">
        <h2 id="sent">{t("volunteer.sent.title")}</h2>
        <ul>
          <li>{t("volunteer.sent.results")}</li>
          <li>{t("volunteer.sent.heartbeat")}</li>
          <li>{t("volunteer.sent.registration")}</li>
        </ul>
        <h3>{t("volunteer.never.title")}</h3>
        <ul>
          <li>{t("volunteer.never.address")}</li>
          <li>{t("volunteer.never.content")}</li>
          <li>{t("volunteer.never.secrets")}</li>
          <li>{t("volunteer.never.small")}</li>
        </ul>
      </section>
    </div>
  );
}
