// "Cite this" (pure): one chart or event as a plain-text reference, a BibTeX entry and
// CSL-JSON (what Zotero, Pandoc and most reference managers read), each with the
// permalink, the data version (the hash of the rows shown, so a reader can tell whether
// the numbers changed since) and the access date, in UTC.

export interface CitationInput {
  /** The chart's title as shown, e.g. "WhatsApp in Russia: reachability, 1 Feb 2026 to 14 Feb 2026". */
  title: string;
  permalink: string;
  dataVersion: string;
  accessed: Date;
  /** "Retrieved" / "Дата обращения" and the date as the reader's language writes it. */
  words: { dataset: string; dataVersion: string; retrieved: string; accessedText: string };
}

const PUBLISHER = "Vantage";

const ymd = (d: Date) => d.toISOString().slice(0, 10);
const dateParts = (d: Date) => [[d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]];

export function plainCitation(c: CitationInput): string {
  return `${PUBLISHER} (${c.accessed.getUTCFullYear()}). ${c.title} [${c.words.dataset}]. ${c.words.dataVersion} ${c.dataVersion}. ${c.words.retrieved} ${c.words.accessedText}, ${c.permalink}`;
}

/** Escapes BibTeX's special characters; URLs go in \url{} and keep theirs (only % and # need it). */
function bibText(s: string): string {
  return s.replace(/[\\{}]/g, (ch) => `\\${ch === "\\" ? "textbackslash{}" : ch}`).replace(/([&%$#_^~])/g, "\\$1");
}

export function citationKey(c: Pick<CitationInput, "permalink" | "dataVersion" | "accessed">): string {
  const path = new URL(c.permalink).pathname.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "") || "vantage";
  return `vantage_${path}_${c.dataVersion.slice(0, 8)}`.toLowerCase();
}

export function bibtexCitation(c: CitationInput): string {
  const url = c.permalink.replace(/([%#])/g, "\\$1");
  return [
    `@misc{${citationKey(c)},`,
    `  author = {{${PUBLISHER}}},`,
    `  title = {{${bibText(c.title)}}},`,
    `  year = {${c.accessed.getUTCFullYear()}},`,
    `  howpublished = {\\url{${url}}},`,
    `  url = {${url}},`,
    `  urldate = {${ymd(c.accessed)}},`,
    `  version = {${bibText(c.dataVersion)}},`,
    `  note = {${bibText(`${c.words.dataVersion} ${c.dataVersion}`)}}`,
    `}`,
  ].join("\n");
}

export function cslCitation(c: CitationInput): object[] {
  return [
    {
      id: citationKey(c),
      type: "dataset",
      title: c.title,
      author: [{ literal: PUBLISHER }],
      publisher: PUBLISHER,
      issued: { "date-parts": dateParts(c.accessed) },
      accessed: { "date-parts": dateParts(c.accessed) },
      version: c.dataVersion,
      URL: c.permalink,
    },
  ];
}
