"use client";
// The registration journey: a volunteer key (created here or pasted), the probe's details
// and settings, then the install command with its copy button and SHA-256, and a watch on
// GET /api/v1/probes until the probe's first heartbeat and first round arrive. The key
// lives in this tab's memory and sessionStorage (for the probe page's owner actions), never
// in a URL.
import { useEffect, useState, type FormEvent } from "react";
import type { Lang } from "@/lib/i18n/langs";
import { subsetTranslator, type MessageSubset } from "@/lib/i18n/subset";
import type { ProbeSettingBounds } from "@/app/api/v1/probes/_lib/limits";
import { refusalText, type ApiFailure } from "@/lib/volunteers/refusal";
import { intervalLabel } from "../interval";

export const KEY_STORAGE = "vantage.volunteer-key";

interface Registered {
  probe_id: string;
  enrollment_token: string;
  install_command: string | null;
  install_note?: string;
  bundle_sha256: string | null;
  expires_at: string;
}

interface OwnerProbe {
  id: string;
  last_seen_at: string | null;
  rounds: number;
  software_version: string | null;
}

const MIB = 1024 * 1024;

export function RegisterProbeForm({ lang, messages, bounds }: { lang: Lang; messages: MessageSubset; bounds: ProbeSettingBounds }) {
  const t = subsetTranslator(messages);
  const [key, setKey] = useState("");
  const [newKey, setNewKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Registered | null>(null);
  const [copied, setCopied] = useState(false);
  const [progress, setProgress] = useState<OwnerProbe | null>(null);

  useEffect(() => {
    const saved = sessionStorage.getItem(KEY_STORAGE);
    if (saved) setKey(saved);
  }, []);
  useEffect(() => {
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
  }, [key]);

  // Wait for the probe: poll the owner's list until its first heartbeat and first round.
  useEffect(() => {
    if (!result) return;
    let stopped = false;
    const poll = async () => {
      try {
        const r = await fetch("/api/v1/probes", { headers: { authorization: `Bearer ${key}` }, cache: "no-store" });
        if (r.ok) {
          const body = (await r.json()) as { probes: OwnerProbe[] };
          const mine = body.probes.find((p) => p.id === result.probe_id) ?? null;
          if (!stopped) setProgress(mine);
          if (mine?.last_seen_at && mine.rounds > 0) return; // live: stop polling
        }
      } catch {
        // The next poll tries again.
      }
      if (!stopped) timer = setTimeout(poll, 3000);
    };
    let timer = setTimeout(poll, 1000);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [result, key]);

  const fail = async (r: Response) => setError(refusalText(t, r.status, (await r.json().catch(() => ({}))) as ApiFailure, new Date(), lang));

  async function createAccount() {
    setError(null);
    const contact = (document.getElementById("contact") as HTMLInputElement | null)?.value.trim() || null;
    const r = await fetch("/api/v1/probes/accounts", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ contact }) });
    if (!r.ok) return fail(r);
    const body = await r.json();
    setNewKey(body.key);
    setKey(body.key);
  }

  async function register(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const f = new FormData(event.currentTarget);
    const text = (name: string) => String(f.get(name) ?? "").trim();
    const probe = {
      name: text("name"),
      country: text("country").toUpperCase(),
      region: text("region") || null,
      asn: Number(text("asn")),
      asn_name: text("asn_name") || null,
      network_type: text("network_type"),
      interval_s: Number(text("interval_s")),
      daily_budget_bytes: Math.round(Number(text("budget_mib")) * MIB),
    };
    const r = await fetch("/api/v1/probes", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(probe),
    });
    if (!r.ok) return fail(r);
    setResult(await r.json());
  }

  async function copy() {
    if (!result?.install_command) return;
    try {
      await navigator.clipboard.writeText(result.install_command);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin): select the text so Ctrl-C copies it.
      const range = document.createRange();
      range.selectNodeContents(document.querySelector("[data-testid=install-command]")!);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    }
  }

  const intervals = intervalChoices(bounds.interval);
  const minMib = Math.ceil(bounds.dailyBudget.min / MIB);
  const maxMib = Math.floor(bounds.dailyBudget.max / MIB);
  const live = Boolean(progress?.last_seen_at && progress.rounds > 0);

  return (
    <>
      <h2>{t("volunteer.key.title")}</h2>
      {newKey ? (
        <>
          <p>{t("volunteer.key.shown")}</p>
          <pre className="secret" data-testid="owner-key">{newKey}</pre>
        </>
      ) : (
        <div className="row">
          <label>
            {t("volunteer.key.contact")}
            <input id="contact" name="contact" maxLength={254} />
          </label>
          <button type="button" onClick={createAccount}>
            {t("volunteer.key.create")}
          </button>
          <label>
            {t("volunteer.key.paste")}
            <input aria-label={t("volunteer.key.label")} type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value.trim())} />
          </label>
        </div>
      )}
      <h2>{t("volunteer.probe.title")}</h2>
      <form className="register" onSubmit={register}>
        <label>
          {t("volunteer.probe.name")} <input name="name" required maxLength={64} />
        </label>
        <label>
          {t("volunteer.probe.country")} <input name="country" required pattern="[A-Za-z]{2}" size={3} />
        </label>
        <label>
          {t("volunteer.probe.region")} <input name="region" maxLength={64} />
        </label>
        <label>
          {t("volunteer.probe.asn")} <input name="asn" required inputMode="numeric" pattern="[0-9]+" />
        </label>
        <label>
          {t("volunteer.probe.provider")} <input name="asn_name" maxLength={128} />
        </label>
        <label>
          {t("volunteer.probe.networkType")}
          <select name="network_type" defaultValue="mobile">
            <option value="fixed">{t("network.fixed")}</option>
            <option value="mobile">{t("network.mobile")}</option>
          </select>
        </label>
        <label>
          {t("volunteer.probe.interval")}
          <select name="interval_s" defaultValue={String(bounds.interval.default)} data-testid="interval">
            {intervals.map((s) => (
              <option key={s} value={s}>
                {intervalLabel(t, s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("volunteer.probe.budget", { min: minMib, max: maxMib })}
          <input name="budget_mib" type="number" min={minMib} max={maxMib} step={1} defaultValue={Math.min(maxMib, Math.max(minMib, 200))} required />
        </label>
        <div>
          <button type="submit" className="primary" disabled={!key || Boolean(result)}>
            {t("volunteer.probe.register")}
          </button>
        </div>
      </form>
      {error && (
        <p role="alert" className="alert" data-testid="volunteer-error">
          {error}
        </p>
      )}
      {result && (
        <>
          <h2>{t("volunteer.install.title")}</h2>
          {result.install_command ? (
            <>
              <p>{t("volunteer.install.run", { expires: result.expires_at.slice(0, 16).replace("T", " ") })}</p>
              <pre className="command" data-testid="install-command">{result.install_command}</pre>
              <div className="row">
                <button type="button" className="primary" onClick={copy} data-testid="copy-command">
                  {copied ? t("volunteer.install.copied") : t("volunteer.install.copy")}
                </button>
              </div>
              <p className="small">
                {t("volunteer.install.sha")} <code data-testid="bundle-sha256">{result.bundle_sha256}</code>
              </p>
              <p className="small muted">{t("volunteer.install.what")}</p>
            </>
          ) : (
            <p className="alert">{result.install_note}</p>
          )}
          <h2>{t("volunteer.wait.title")}</h2>
          <ol className="steps" aria-live="polite" data-testid="probe-progress">
            <li data-done={String(Boolean(progress?.last_seen_at))}>{t("volunteer.wait.heartbeat")}</li>
            <li data-done={String((progress?.rounds ?? 0) > 0)}>{t("volunteer.wait.round")}</li>
          </ol>
          {live ? (
            <p className="live" data-testid="probe-live">
              {t("volunteer.wait.live")} <a href={`/probes/${result.probe_id}`}>{t("volunteer.wait.page")}</a>
            </p>
          ) : (
            <p className="muted">{t("volunteer.wait.waiting")}</p>
          )}
        </>
      )}
    </>
  );
}

/** The intervals offered: the server's shortest and default, and round steps, all within its bounds. */
function intervalChoices(b: { min: number; max: number; default: number }): number[] {
  const steps = [b.min, b.default, 300, 600, 900, 1800, 3600, b.max].filter((s) => s >= b.min && s <= b.max);
  return [...new Set(steps)].sort((x, y) => x - y);
}
