"use client";
// The registration form: talks to POST /api/v1/probes/accounts and POST /api/v1/probes.
// The volunteer key lives only in this page's memory and the volunteer's own notes.
import { useState, type FormEvent } from "react";

interface Registered {
  probe_id: string;
  enrollment_token: string;
  install_command: string;
  expires_at: string;
}

export function RegisterProbeForm() {
  const [key, setKey] = useState("");
  const [newKey, setNewKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Registered | null>(null);

  async function createAccount() {
    setError(null);
    const contact = (document.getElementById("contact") as HTMLInputElement | null)?.value.trim() || null;
    const r = await fetch("/api/v1/probes/accounts", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ contact }) });
    const body = await r.json();
    if (!r.ok) return setError(body.error);
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
    };
    const r = await fetch("/api/v1/probes", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(probe),
    });
    const body = await r.json();
    if (!r.ok) {
      const fields = (body.issues ?? []).map((i: { path: string; message: string }) => `${i.path || "form"}: ${i.message}`).join("; ");
      return setError(`${body.error}${fields ? ` (${fields})` : ""}`);
    }
    setResult(body);
  }

  return (
    <>
      <h2>1. Your volunteer key</h2>
      {newKey ? (
        <>
          <p>Your key, shown this once. Keep it: it lets you pause, rotate or remove your probes.</p>
          <pre className="secret" data-testid="owner-key">{newKey}</pre>
        </>
      ) : (
        <p>
          <label>
            Contact for offline notices (optional, a webhook URL or e-mail):
            <input id="contact" name="contact" maxLength={254} />
          </label>{" "}
          <button type="button" onClick={createAccount}>
            Create a key
          </button>{" "}
          or paste an existing key:{" "}
          <input aria-label="volunteer key" value={key} onChange={(e) => setKey(e.target.value)} size={50} />
        </p>
      )}
      <h2>2. Your probe</h2>
      <form className="register" onSubmit={register}>
        <label>
          Name <input name="name" required maxLength={64} />
        </label>
        <label>
          Country (two letters) <input name="country" required pattern="[A-Za-z]{2}" size={3} />
        </label>
        <label>
          Region (coarse, optional) <input name="region" maxLength={64} />
        </label>
        <label>
          ASN (your provider&apos;s network number) <input name="asn" required inputMode="numeric" pattern="[0-9]+" />
        </label>
        <label>
          Provider name (optional) <input name="asn_name" maxLength={128} />
        </label>
        <label>
          Network type{" "}
          <select name="network_type" defaultValue="fixed">
            <option value="fixed">fixed</option>
            <option value="mobile">mobile</option>
          </select>
        </label>
        <button type="submit" disabled={!key}>
          Register the probe
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {result && (
        <>
          <h2>3. Install and enroll</h2>
          <p>Run this on the probe&apos;s machine (Node.js 20 or later). The token works once, until {result.expires_at}.</p>
          <pre className="secret" data-testid="install-command">{result.install_command}</pre>
        </>
      )}
    </>
  );
}
