// The one CSV writer for every CSV a reader may open in a spreadsheet (RFC 4180 quoting).
// Text that a spreadsheet would run as a formula (it starts with =, +, -, @, tab or carriage
// return, as OWASP's "CSV injection" lists) is written with a leading apostrophe, which
// spreadsheets show as text; numbers stay numbers, so a negative figure is never altered.

export type CsvValue = string | number | boolean | bigint | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** True when a spreadsheet would read this text as the start of a formula. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** One cell: empty for null/undefined, ISO for dates, text neutralised and quoted as needed. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  const text = value instanceof Date ? value.toISOString() : value;
  const safe = looksLikeFormula(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row, cells joined by commas and ended by CRLF (RFC 4180). */
export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(",") + "\r\n";
}

/** A whole document: a header row of column names, then one row per record in column order. */
export function csvDocument<C extends string>(columns: readonly C[], records: Iterable<Readonly<Record<C, CsvValue>>>): string {
  let out = csvRow(columns);
  for (const record of records) out += csvRow(columns.map((c) => record[c]));
  return out;
}
