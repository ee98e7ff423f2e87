// Reads the SNI out of a TLS ClientHello, the way a DPI box does: in user space, from the
// first bytes of the connection, before any TLS library sees them.

/** Bytes needed for the whole first TLS record, or null when `buf` is not a handshake record. */
export function recordLength(buf: Buffer): number | null {
  if (buf.length < 5) return 5;
  if (buf[0] !== 0x16) return null;
  return 5 + buf.readUInt16BE(3);
}

/** The server_name of a complete ClientHello record, or null when it carries none. */
export function parseSni(buf: Buffer): string | null {
  try {
    let p = 5; // record header
    if (buf[p] !== 0x01) return null; // not a ClientHello
    p += 4; // handshake type + length
    p += 2 + 32; // client version + random
    p += 1 + buf[p]; // session id
    p += 2 + buf.readUInt16BE(p); // cipher suites
    p += 1 + buf[p]; // compression methods
    const extEnd = p + 2 + buf.readUInt16BE(p);
    p += 2;
    while (p + 4 <= extEnd) {
      const type = buf.readUInt16BE(p);
      const len = buf.readUInt16BE(p + 2);
      p += 4;
      if (type === 0) {
        // server_name_list: length(2), then entries of type(1) length(2) name
        let q = p + 2;
        while (q + 3 <= p + len) {
          const nameType = buf[q];
          const nameLen = buf.readUInt16BE(q + 1);
          if (nameType === 0) return buf.subarray(q + 3, q + 3 + nameLen).toString("ascii").toLowerCase();
          q += 3 + nameLen;
        }
        return null;
      }
      p += len;
    }
  } catch {
    // A truncated or malformed hello carries no name we can read.
  }
  return null;
}
