// Streams OONI measurements out of files and directories: single-measurement JSON, JSON
// lines, measurement-meta responses, each plain or gzip-compressed (told by the magic
// bytes, not the name). Line by line over a (gunzip) stream, so memory stays flat however
// large the input; a malformed line is reported with its file and line number and the rest
// of the file still reads.
import { createReadStream } from "node:fs";
import { open, opendir, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";

export type SourceItem =
  | { kind: "value"; file: string; line: number; value: unknown }
  /** A JSON line left unparsed for the caller (ReadOptions.unparsedLines). */
  | { kind: "text"; file: string; line: number; text: string }
  | { kind: "malformed"; file: string; line: number; message: string }
  | { kind: "file_error"; file: string; line: number | null; message: string };

export class InputPathError extends Error {
  override name = "InputPathError";
}

/** Names picked up when walking a directory; a file named on the command line is always read. */
const INPUT_NAME = /\.(json|jsonl|ndjson)(\.gz)?$|\.gz$/i;

/** A single measurement document larger than this is refused rather than held in memory. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/** Checks every path before anything is read, so a typo fails the run at once. */
export async function checkInputPaths(paths: readonly string[]): Promise<void> {
  if (paths.length === 0) throw new InputPathError("no input: name at least one file or directory");
  for (const p of paths) {
    const s = await stat(p).catch(() => null);
    if (!s) throw new InputPathError(`${p}: no such file or directory`);
    if (!s.isFile() && !s.isDirectory()) throw new InputPathError(`${p}: not a regular file or directory`);
  }
}

/** Files under the given paths: directories walked recursively in name order. */
export async function* listInputFiles(paths: readonly string[]): AsyncGenerator<string> {
  for (const p of paths) {
    const s = await stat(p);
    if (s.isFile()) yield p;
    else if (s.isDirectory()) yield* walk(p);
  }
}

async function* walk(dir: string): AsyncGenerator<string> {
  const entries: { name: string; dir: boolean }[] = [];
  for await (const e of await opendir(dir)) {
    if (e.isDirectory()) entries.push({ name: e.name, dir: true });
    else if (e.isFile() && INPUT_NAME.test(e.name)) entries.push({ name: e.name, dir: false });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.dir) yield* walk(full);
    else yield full;
  }
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** Read and inflate in large pieces: a typical OONI line (20-40 KB) then rarely spans two. */
const READ_CHUNK_BYTES = 256 * 1024;

async function openText(file: string): Promise<Readable> {
  const raw = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
  if (!(await isGzip(file))) return raw;
  const gunzip = createGunzip({ chunkSize: READ_CHUNK_BYTES });
  raw.on("error", (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}

const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));

export interface ReadOptions {
  /**
   * Hand JSON lines over as text after the first (which decides between JSON lines and one
   * pretty-printed document), so the caller can parse them elsewhere, e.g. in workers.
   */
  unparsedLines?: boolean;
}

/** Every measurement-shaped JSON value in one file, or the problems that stopped it. */
export async function* readFile(file: string, options: ReadOptions = {}): AsyncGenerator<SourceItem> {
  let firstLine: string | null = null;
  // Line mode first: JSON lines, or a single-line document.
  const lines = readLines(file, true, options.unparsedLines ?? false);
  for await (const item of lines) {
    if (item.kind === "first_line_unparsable") {
      firstLine = item.text;
      break;
    }
    yield item;
  }
  if (firstLine === null) return;
  // The first line is not JSON on its own: most likely a pretty-printed single document.
  const doc = await readDocument(file);
  if (doc.ok) {
    const values = Array.isArray(doc.value) ? doc.value : [doc.value];
    for (const value of values) yield { kind: "value", file, line: 1, value };
    return;
  }
  if (doc.fatal) {
    yield { kind: "file_error", file, line: null, message: doc.message };
    return;
  }
  // Neither one document nor clean JSON lines: read it as JSON lines and report each bad line.
  for await (const item of readLines(file, false)) if (item.kind !== "first_line_unparsable") yield item;
}

type LineItem = SourceItem | { kind: "first_line_unparsable"; text: string };

async function* readLines(file: string, allowDocumentFallback = true, unparsed = false): AsyncGenerator<LineItem> {
  let lineNo = 0;
  let seenContent = false;
  let stream: Readable;
  try {
    stream = await openText(file);
  } catch (error) {
    yield { kind: "file_error", file, line: null, message: errorMessage(error) };
    return;
  }
  try {
    for await (const text of splitLines(stream)) {
      lineNo += 1;
      if (text === null) {
        seenContent = true;
        yield { kind: "malformed", file, line: lineNo, message: `line longer than ${MAX_DOCUMENT_BYTES} bytes` };
        continue;
      }
      // trim() also drops a UTF-8 byte-order mark (U+FEFF) that some exports start with.
      const trimmed = text.trim();
      if (trimmed === "") continue;
      if (unparsed && seenContent) {
        yield { kind: "text", file, line: lineNo, text: trimmed };
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(trimmed);
      } catch (error) {
        if (!seenContent && allowDocumentFallback && /^[{[]/.test(trimmed)) {
          yield { kind: "first_line_unparsable", text: trimmed };
          return;
        }
        seenContent = true;
        yield { kind: "malformed", file, line: lineNo, message: `not valid JSON (${errorMessage(error)})` };
        continue;
      }
      seenContent = true;
      yield { kind: "value", file, line: lineNo, value };
    }
  } catch (error) {
    // A truncated or corrupt gzip stream, or a read error: what was read so far stands.
    yield { kind: "file_error", file, line: lineNo + 1, message: errorMessage(error) };
  } finally {
    stream.destroy();
  }
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * The lines of a byte stream, decoded as UTF-8, ending at LF, CRLF or a lone CR (as
 * readline's `crlfDelay: Infinity`). Cut on bytes, where a multi-byte character can never
 * be split, and decoded once per line: node:readline decodes every chunk, scans it with a
 * regular expression and concatenates the pieces of a long line, which cost the importer's
 * main thread more than reading and inflating did. A line over MAX_DOCUMENT_BYTES is
 * dropped as it streams (memory stays bounded) and yields null, so it is still counted.
 */
export async function* splitLines(chunks: AsyncIterable<Buffer>, maxLineBytes = MAX_DOCUMENT_BYTES): AsyncGenerator<string | null> {
  let pieces: Buffer[] = [];
  let pending = 0;
  let overlong = false;
  const take = (piece: Buffer): string | null => {
    const whole = pieces.length === 0 ? piece : Buffer.concat([...pieces, piece]);
    pieces = [];
    pending = 0;
    if (overlong || whole.length > maxLineBytes) {
      overlong = false;
      return null;
    }
    return whole.toString("utf8", 0, whole.length > 0 && whole[whole.length - 1] === CR ? whole.length - 1 : whole.length);
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf(LF, start); end !== -1; end = chunk.indexOf(LF, start)) {
      yield* crSeparated(take(chunk.subarray(start, end)));
      start = end + 1;
    }
    if (start < chunk.length) {
      pending += chunk.length - start;
      if (pending > maxLineBytes) {
        overlong = true; // keep counting, hold nothing
        pieces = [];
        pending = 0;
      } else pieces.push(chunk.subarray(start));
    }
  }
  if (pieces.length > 0 || overlong) yield* crSeparated(take(Buffer.alloc(0)));
}

/** A line holding lone CRs (old Mac line ends) as the lines they separate. */
function crSeparated(line: string | null): (string | null)[] {
  return line === null || !line.includes("\r") ? [line] : line.split("\r");
}

async function readDocument(file: string): Promise<{ ok: true; value: unknown } | { ok: false; fatal: boolean; message: string }> {
  let stream: Readable;
  try {
    stream = await openText(file);
  } catch (error) {
    return { ok: false, fatal: true, message: errorMessage(error) };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > MAX_DOCUMENT_BYTES) {
        return { ok: false, fatal: false, message: `document larger than ${MAX_DOCUMENT_BYTES} bytes` };
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    return { ok: false, fatal: true, message: errorMessage(error) };
  } finally {
    stream.destroy();
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch (error) {
    return { ok: false, fatal: false, message: errorMessage(error) };
  }
}

/** Every item of every file under the given paths, in order. */
export async function* readInputs(paths: readonly string[], options: ReadOptions = {}): AsyncGenerator<SourceItem> {
  for await (const file of listInputFiles(paths)) yield* readFile(file, options);
}
