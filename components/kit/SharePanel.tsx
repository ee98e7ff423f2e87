// The share panel under every chart: permalink, embed code (live and pinned), PNG, SVG,
// CSV and JSON downloads, and "cite this" (text, BibTeX, CSL-JSON). Everything is built
// on the server (lib/exports/share.ts); only the copy buttons run in the browser.
import type { ShareLinks } from "../../lib/exports/share";
import { CopyButton } from "./ShareButton";

function Field({ id, label, text, copy, copied, rows = 1 }: { id: string; label: string; text: string; copy: string; copied: string; rows?: number }) {
  return (
    <div className="share-field">
      <label htmlFor={id}>{label}</label>
      <div className="share-row">
        {rows === 1 ? <input id={id} readOnly value={text} /> : <textarea id={id} readOnly rows={rows} value={text} />}
        <CopyButton text={text} label={copy} done={copied} />
      </div>
    </div>
  );
}

export function SharePanel({ links, idBase }: { links: ShareLinks; idBase: string }) {
  const w = links.words;
  return (
    <details className="share-panel" data-testid="share-panel">
      <summary>{w.title}</summary>
      <Field id={`${idBase}-permalink`} label={w.permalink} text={links.permalink} copy={w.copy} copied={w.copied} />
      <Field id={`${idBase}-embed-live`} label={w.embedLive} text={links.embedLive} copy={w.copy} copied={w.copied} rows={3} />
      {links.embedPinned && <Field id={`${idBase}-embed-pinned`} label={w.embedPinned} text={links.embedPinned} copy={w.copy} copied={w.copied} rows={3} />}
      {links.pinnedNote && (
        <p className="share-note" data-testid="share-pinned-note">
          {links.pinnedNote}
        </p>
      )}
      <p className="share-downloads">
        {w.downloads}:{" "}
        {links.downloads.map((d, i) => (
          <span key={d.label}>
            {i > 0 && " · "}
            <a href={d.href} download={d.download ? "" : undefined} data-kind={d.label}>
              {d.label}
            </a>
          </span>
        ))}
      </p>
      <details className="share-cite">
        <summary>{w.cite}</summary>
        <Field id={`${idBase}-cite-text`} label={w.citeText} text={links.citation.text} copy={w.copy} copied={w.copied} rows={3} />
        <Field id={`${idBase}-cite-bibtex`} label="BibTeX" text={links.citation.bibtex} copy={w.copy} copied={w.copied} rows={8} />
        <Field id={`${idBase}-cite-csl`} label="CSL-JSON" text={links.citation.csl} copy={w.copy} copied={w.copied} rows={6} />
      </details>
    </details>
  );
}
