"use client";
// The owner's actions on the probe page: with the volunteer key (typed here, or kept in this
// tab's sessionStorage from registration; sent only in the Authorization header, never in a
// URL) rename, pause or resume, rotate the credential (a fresh install command), revoke.
import { useEffect, useState } from "react";
import type { Lang } from "@/lib/i18n/langs";
import { subsetTranslator, type MessageSubset } from "@/lib/i18n/subset";
import { refusalText, type ApiFailure } from "@/lib/volunteers/refusal";
import { KEY_STORAGE } from "../new/RegisterProbeForm";

export function OwnerPanel({ lang, messages, probeId, name, status }: { lang: Lang; messages: MessageSubset; probeId: string; name: string; status: string }) {
  const t = subsetTranslator(messages);
  const [key, setKey] = useState("");
  const [newName, setNewName] = useState(name);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [command, setCommand] = useState<string | null>(null);

  useEffect(() => {
    const saved = sessionStorage.getItem(KEY_STORAGE);
    if (saved) setKey(saved);
  }, []);

  async function act(body: Record<string, string>, done: string) {
    setMessage(null);
    setCommand(null);
    const r = await fetch(`/api/v1/probes/${encodeURIComponent(probeId)}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
    const json = (await r.json().catch(() => ({}))) as ApiFailure & { install_command?: string | null };
    if (!r.ok) return setMessage({ ok: false, text: refusalText(t, r.status, json, new Date(), lang) });
    sessionStorage.setItem(KEY_STORAGE, key);
    if (json.install_command) setCommand(json.install_command);
    setMessage({ ok: true, text: done });
  }

  return (
    <section className="panel owner" aria-labelledby="owner">
      <h2 id="owner">{t("volunteer.owner.title")}</h2>
      <p className="small muted">{t("volunteer.owner.intro")}</p>
      <div className="row">
        <label>
          {t("volunteer.key.label")}
          <input type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value.trim())} data-testid="owner-key-input" />
        </label>
      </div>
      <div className="row">
        <label>
          {t("volunteer.probe.name")}
          <input value={newName} maxLength={64} onChange={(e) => setNewName(e.target.value)} />
        </label>
        <button type="button" disabled={!key} onClick={() => act({ action: "rename", name: newName }, t("volunteer.owner.renamed"))}>
          {t("volunteer.owner.rename")}
        </button>
      </div>
      <div className="row">
        {status === "paused" ? (
          <button type="button" disabled={!key} onClick={() => act({ action: "resume" }, t("volunteer.owner.resumed"))}>
            {t("volunteer.owner.resume")}
          </button>
        ) : (
          <button type="button" disabled={!key} onClick={() => act({ action: "pause" }, t("volunteer.owner.paused"))}>
            {t("volunteer.owner.pause")}
          </button>
        )}
        <button type="button" disabled={!key} onClick={() => act({ action: "rotate" }, t("volunteer.owner.rotated"))}>
          {t("volunteer.owner.rotate")}
        </button>
        <button
          type="button"
          disabled={!key}
          onClick={() => {
            if (confirm(t("volunteer.owner.revokeConfirm"))) void act({ action: "revoke" }, t("volunteer.owner.revoked"));
          }}
        >
          {t("volunteer.owner.revoke")}
        </button>
      </div>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "live" : "alert"} data-testid="owner-message">
          {message.text}
        </p>
      )}
      {command && <pre className="command">{command}</pre>}
    </section>
  );
}
