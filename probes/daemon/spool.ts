// The on-disk spool: one JSON record per line, appended and fsync'd before a measurement
// counts as taken, removed only after the server acknowledged it. Crash safety:
// - an append torn by a crash leaves a last line without its newline; `open` cuts it off;
// - removal rewrites the remainder into a temporary file, fsyncs it and renames it over the
//   spool, so a crash leaves either the old spool (those records are re-sent, and the server
//   answers "duplicate") or the new one, never a mix.
import { appendFileSync, closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";

export interface SpoolOptions {
  /** Appends that would grow the spool past this many bytes are refused. */
  maxBytes: number;
  /** Optional append-only log of every id flushed to the spool (an independent audit trail). */
  idsLog?: string | null;
}

export interface SpooledBatch {
  records: unknown[];
  /** Raw lines, in spool order. */
  lines: string[];
  /** Byte offset just past the last line of the batch. */
  end: number;
}

export interface OpenReport {
  /** Bytes of a torn last line that were cut off. */
  tornBytes: number;
  /** Complete lines that were not JSON, moved to the rejected file. */
  corruptLines: number;
}

export class SpoolFullError extends Error {
  override name = "SpoolFullError";
}

const CHUNK = 64 * 1024;

export class Spool {
  readonly file: string;
  readonly rejectedFile: string;
  private size = 0;
  private lineCount = 0;
  private quarantinedCount = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string, private readonly options: SpoolOptions) {
    this.file = join(dir, "spool.jsonl");
    this.rejectedFile = join(dir, "spool.rejected.jsonl");
  }

  /** Recovers from any crash: drops a torn last line and a half-written compaction. */
  open(): OpenReport {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    rmSync(`${this.file}.tmp`, { force: true });
    this.quarantinedCount = existsSync(this.rejectedFile) ? readFileSync(this.rejectedFile, "utf8").split("\n").filter((l) => l.length > 0).length : 0;
    if (!existsSync(this.file)) closeSync(openSync(this.file, "a", 0o600));
    const report: OpenReport = { tornBytes: 0, corruptLines: 0 };
    let goodEnd = 0;
    let lines = 0;
    let carry = "";
    const fd = openSync(this.file, "r+");
    try {
      scanLines(fd, statSync(this.file).size, (line, len) => {
        goodEnd += len;
        if (line.length === 0) return;
        if (isJson(line)) lines++;
        else report.corruptLines++;
      }, (rest) => (carry = rest));
      if (carry.length > 0) {
        report.tornBytes = Buffer.byteLength(carry);
        ftruncateSync(fd, goodEnd);
        fsyncSync(fd);
      }
    } finally {
      closeSync(fd);
    }
    this.size = goodEnd;
    this.lineCount = lines;
    if (report.corruptLines > 0) {
      // Rare (disk damage, a foreign write): set the bad lines aside, rewrite the good ones.
      const all = readFileSync(this.file, "utf8").split("\n").filter((l) => l.length > 0);
      this.reject(all.filter((l) => !isJson(l)), "corrupt spool line");
      const good = all.filter(isJson);
      this.writeFileAtomically((fd) => writeSync(fd, good.map((l) => l + "\n").join("")));
      this.size = statSync(this.file).size;
      this.lineCount = good.length;
    }
    return report;
  }

  get count(): number {
    return this.lineCount;
  }

  get bytes(): number {
    return this.size;
  }

  /** Records in quarantine (the rejected file): refused by the server for good, kept on disk. */
  get quarantined(): number {
    return this.quarantinedCount;
  }

  /**
   * Appends records and fsyncs; resolves only once they are on disk. All-or-nothing
   * against the size cap (a round is kept whole or not at all).
   */
  append(records: readonly { id: string }[]): Promise<void> {
    return this.serial(() => {
      const text = records.map((r) => JSON.stringify(r) + "\n").join("");
      const bytes = Buffer.byteLength(text);
      if (this.size + bytes > this.options.maxBytes) {
        throw new SpoolFullError(`spool full (${this.size} of ${this.options.maxBytes} bytes): ${records.length} measurement(s) not kept`);
      }
      const fd = openSync(this.file, "a", 0o600);
      try {
        writeSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      this.size += bytes;
      this.lineCount += records.length;
      if (this.options.idsLog) {
        const log = openSync(this.options.idsLog, "a", 0o600);
        try {
          writeSync(log, records.map((r) => r.id + "\n").join(""));
          fsyncSync(log);
        } finally {
          closeSync(log);
        }
      }
    });
  }

  /** The oldest records, up to `maxRecords` and (past the first) `maxBytes`. */
  peek(maxRecords: number, maxBytes: number): Promise<SpooledBatch> {
    return this.serial(() => {
      const batch: SpooledBatch = { records: [], lines: [], end: 0 };
      if (this.size === 0) return batch;
      const fd = openSync(this.file, "r");
      let bytes = 0;
      try {
        scanLines(fd, this.size, (line, len) => {
          if (batch.lines.length >= maxRecords || (batch.lines.length > 0 && bytes + len > maxBytes)) return false;
          batch.end += len;
          if (line.length === 0) return;
          bytes += len;
          batch.lines.push(line);
          batch.records.push(JSON.parse(line));
        });
      } finally {
        closeSync(fd);
      }
      return batch;
    });
  }

  /**
   * Removes an acknowledged batch, keeping `keep` of its lines (records the server did not
   * acknowledge) at the front. The remainder is copied in chunks, so memory stays bounded.
   */
  remove(batch: SpooledBatch, keep: readonly string[] = []): Promise<void> {
    return this.serial(() => {
      const head = keep.map((l) => l + "\n").join("");
      const src = openSync(this.file, "r");
      try {
        this.writeFileAtomically((out) => {
          if (head) writeSync(out, head);
          const buf = Buffer.alloc(CHUNK);
          for (let off = batch.end; off < this.size; ) {
            const n = readSync(src, buf, 0, Math.min(CHUNK, this.size - off), off);
            if (n === 0) break;
            writeSync(out, buf, 0, n);
            off += n;
          }
        });
      } finally {
        closeSync(src);
      }
      this.size = this.size - batch.end + Buffer.byteLength(head);
      this.lineCount = this.lineCount - batch.lines.length + keep.length;
    });
  }

  /** Sets records aside that the server will never accept, with the reason, so the queue moves on. */
  reject(lines: readonly string[], reason: string): void {
    if (lines.length === 0) return;
    appendFileSync(this.rejectedFile, lines.map((l) => JSON.stringify({ reason, line: l }) + "\n").join(""), { mode: 0o600 });
    this.quarantinedCount += lines.length;
  }

  /** Writes a temporary file, fsyncs it and renames it over the spool. */
  private writeFileAtomically(write: (fd: number) => void): void {
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, "w", 0o600);
    try {
      write(fd);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    fsyncDir(dirname(this.file));
  }

  /** Spool operations run one at a time (a round may append while an upload removes). */
  private serial<T>(work: () => T): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => {});
    return next;
  }
}

/** Calls `onLine` for each complete line (with its byte length, newline included); returning false stops; `onRest` gets a trailing partial line. */
function scanLines(fd: number, size: number, onLine: (line: string, len: number) => boolean | void, onRest: (rest: string) => void = () => {}): void {
  const buf = Buffer.alloc(CHUNK);
  let carry = Buffer.alloc(0);
  for (let off = 0; off < size; ) {
    const n = readSync(fd, buf, 0, Math.min(CHUNK, size - off), off);
    if (n === 0) break;
    off += n;
    let data = Buffer.concat([carry, buf.subarray(0, n)]);
    let nl: number;
    while ((nl = data.indexOf(10)) !== -1) {
      if (onLine(data.toString("utf8", 0, nl), nl + 1) === false) return;
      data = data.subarray(nl + 1);
    }
    carry = Buffer.from(data);
  }
  onRest(carry.toString("utf8"));
}

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic.
  }
}
