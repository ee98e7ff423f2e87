// A small writer of MaxMind DB files (format 2.0, https://maxmind.github.io/MaxMind-DB/),
// so tests read a real .mmdb through the same reader production uses. It follows the
// published specification: a binary search tree over the 128 bits of an IPv6 address
// (IPv4 networks live under ::/96, and ::ffff:0:0/96 is aliased to that subtree as in
// MaxMind's own databases), records of 24, 28 or 32 bits, a 16-byte zero separator, the
// data section in the typed encoding, then "\xAB\xCD\xEFMaxMind.com" and the metadata map.
import { parseIp } from "../../lib/net/ip";

export type MmdbValue = string | number | bigint | boolean | MmdbValue[] | { [key: string]: MmdbValue };

export interface MmdbNetwork {
  /** "a.b.c.d/n" or "x::/n". */
  cidr: string;
  data: MmdbValue;
}

export interface MmdbOptions {
  databaseType?: string;
  recordSize?: 24 | 28 | 32;
  /** 6 (default): an IPv6 tree holding IPv4 under ::/96; 4: an IPv4-only tree. */
  ipVersion?: 4 | 6;
  buildEpoch?: number;
}

/** A tree node; a record is a child node, a data value (index) or empty. */
interface Node {
  children: [Child, Child];
}
type Child = { kind: "node"; node: Node } | { kind: "data"; index: number } | { kind: "empty" };

const EMPTY: Child = { kind: "empty" };

export function writeMmdb(networks: MmdbNetwork[], options: MmdbOptions = {}): Buffer {
  const ipVersion = options.ipVersion ?? 6;
  const depth = ipVersion === 6 ? 128 : 32;
  const root: Node = { children: [EMPTY, EMPTY] };
  const values: MmdbValue[] = [];

  for (const { cidr, data } of networks) {
    const [bits, prefix] = networkBits(cidr, ipVersion);
    values.push(data);
    insert(root, bits, prefix, { kind: "data", index: values.length - 1 });
  }
  if (ipVersion === 6) {
    // ::ffff:0:0/96 leads to the same node as ::/96 (the IPv4 subtree).
    const v4 = descend(root, new Uint8Array(16), 96);
    const mapped = new Uint8Array(16);
    mapped[10] = mapped[11] = 0xff;
    insert(root, mapped, 96, v4);
  }

  // Number nodes breadth-first (the root must be node 0).
  const numbers = new Map<Node, number>();
  const order: Node[] = [];
  const queue: Node[] = [root];
  while (queue.length > 0) {
    const node = queue.shift()!;
    if (numbers.has(node)) continue;
    numbers.set(node, order.length);
    order.push(node);
    for (const c of node.children) if (c.kind === "node" && !numbers.has(c.node)) queue.push(c.node);
  }
  const nodeCount = order.length;

  const data = new DataWriter();
  const offsets = values.map((v) => data.add(v));
  const recordValue = (c: Child): number =>
    c.kind === "node" ? numbers.get(c.node)! : c.kind === "empty" ? nodeCount : nodeCount + 16 + offsets[c.index];
  const maxValue = nodeCount + 16 + data.length;
  const recordSize = options.recordSize ?? (maxValue < 2 ** 24 ? 24 : maxValue < 2 ** 28 ? 28 : 32);
  if (maxValue >= 2 ** recordSize) throw new Error(`record size ${recordSize} is too small for ${maxValue}`);

  const nodeBytes = recordSize / 4;
  const tree = Buffer.alloc(nodeCount * nodeBytes);
  order.forEach((node, i) => writeNode(tree, i * nodeBytes, recordSize, recordValue(node.children[0]), recordValue(node.children[1])));

  const metadata = new DataWriter();
  metadata.add({
    node_count: nodeCount,
    record_size: recordSize,
    ip_version: ipVersion,
    database_type: options.databaseType ?? "Vantage-Test",
    languages: ["en"],
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: BigInt(options.buildEpoch ?? Math.floor(Date.now() / 1000)),
    description: { en: "test database written by tests/helpers/mmdb-writer.ts" },
  });
  return Buffer.concat([tree, Buffer.alloc(16), data.bytes(), Buffer.from("abcdef4d61784d696e642e636f6d", "hex"), metadata.bytes()]);
}

function networkBits(cidr: string, ipVersion: 4 | 6): [Uint8Array, number] {
  const [text, prefixText] = cidr.split("/");
  const ip = parseIp(text);
  const prefix = Number(prefixText);
  if (!ip || !Number.isInteger(prefix)) throw new Error(`not a network: ${cidr}`);
  if (ip.family === 4) {
    const p = text.includes(":") ? prefix - 96 : prefix; // ::ffff:a.b.c.d/n folds to IPv4
    if (ipVersion === 4) return [ip.bytes, p];
    const bytes = new Uint8Array(16);
    bytes.set(ip.bytes, 12);
    return [bytes, p + 96];
  }
  if (ipVersion === 4) throw new Error(`IPv6 network ${cidr} in an IPv4 database`);
  return [ip.bytes, prefix];
}

const bitAt = (bytes: Uint8Array, i: number): 0 | 1 => ((bytes[i >> 3] >> (7 - (i & 7))) & 1) as 0 | 1;

/** Sets the record reached after `prefix` bits; a shorter network already on the path is split. */
function insert(root: Node, bits: Uint8Array, prefix: number, value: Child): void {
  let node = root;
  for (let i = 0; i < prefix - 1; i++) {
    const b = bitAt(bits, i);
    const child = node.children[b];
    if (child.kind !== "node") {
      const next: Node = { children: [child, child] };
      node.children[b] = { kind: "node", node: next };
      node = next;
    } else {
      node = child.node;
    }
  }
  node.children[bitAt(bits, prefix - 1)] = value;
}

/** The record `depth` bits down (a node is created if the path is missing). */
function descend(root: Node, bits: Uint8Array, depth: number): Child {
  let node = root;
  for (let i = 0; i < depth; i++) {
    const b = bitAt(bits, i);
    let child = node.children[b];
    if (child.kind !== "node") {
      child = { kind: "node", node: { children: [child, child] } };
      node.children[b] = child;
    }
    if (i === depth - 1) return child;
    node = child.node;
  }
  return { kind: "node", node: root };
}

function writeNode(buf: Buffer, at: number, recordSize: number, left: number, right: number): void {
  if (recordSize === 24) {
    buf.writeUIntBE(left, at, 3);
    buf.writeUIntBE(right, at + 3, 3);
  } else if (recordSize === 28) {
    buf.writeUIntBE(left & 0xffffff, at, 3);
    buf[at + 3] = ((left >>> 24) << 4) | (right >>> 24);
    buf.writeUIntBE(right & 0xffffff, at + 4, 3);
  } else {
    buf.writeUInt32BE(left, at);
    buf.writeUInt32BE(right, at + 4);
  }
}

// Data section types (the spec's numbering; 8 and up are "extended").
const T = { utf8: 2, double: 3, uint16: 5, uint32: 6, map: 7, int32: 8, uint64: 9, array: 11, boolean: 14 } as const;

class DataWriter {
  private chunks: Buffer[] = [];
  length = 0;

  /** Appends a value; returns its offset in this section. */
  add(value: MmdbValue): number {
    const at = this.length;
    this.value(value);
    return at;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  private push(b: Buffer): void {
    this.chunks.push(b);
    this.length += b.length;
  }

  private control(type: number, size: number): void {
    const extended = type > 7;
    const head: number[] = [];
    let sizeBits: number;
    const extra: number[] = [];
    if (size < 29) sizeBits = size;
    else if (size < 29 + 256) {
      sizeBits = 29;
      extra.push(size - 29);
    } else if (size < 285 + 65536) {
      sizeBits = 30;
      extra.push((size - 285) >> 8, (size - 285) & 0xff);
    } else {
      sizeBits = 31;
      const s = size - 65821;
      extra.push((s >> 16) & 0xff, (s >> 8) & 0xff, s & 0xff);
    }
    head.push(((extended ? 0 : type) << 5) | sizeBits);
    if (extended) head.push(type - 7);
    this.push(Buffer.from([...head, ...extra]));
  }

  private unsigned(type: number, value: bigint): void {
    const bytes: number[] = [];
    for (let v = value; v > 0n; v >>= 8n) bytes.unshift(Number(v & 0xffn));
    this.control(type, bytes.length);
    this.push(Buffer.from(bytes));
  }

  private value(v: MmdbValue): void {
    if (typeof v === "string") {
      const b = Buffer.from(v, "utf8");
      this.control(T.utf8, b.length);
      this.push(b);
    } else if (typeof v === "boolean") {
      this.control(T.boolean, v ? 1 : 0);
    } else if (typeof v === "bigint") {
      this.unsigned(T.uint64, v);
    } else if (typeof v === "number") {
      if (Number.isInteger(v) && v >= 0 && v < 2 ** 32) this.unsigned(v < 65536 ? T.uint16 : T.uint32, BigInt(v));
      else if (Number.isInteger(v) && v < 0 && v >= -(2 ** 31)) {
        const b = Buffer.alloc(4);
        b.writeInt32BE(v);
        this.control(T.int32, 4);
        this.push(b);
      } else {
        const b = Buffer.alloc(8);
        b.writeDoubleBE(v);
        this.control(T.double, 8);
        this.push(b);
      }
    } else if (Array.isArray(v)) {
      this.control(T.array, v.length);
      for (const item of v) this.value(item);
    } else {
      const entries = Object.entries(v);
      this.control(T.map, entries.length);
      for (const [key, item] of entries) {
        this.value(key);
        this.value(item);
      }
    }
  }
}
