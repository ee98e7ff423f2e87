// The socket peer's address, carried from Vantage's HTTP server (scripts/next-server.ts)
// to route handlers, which Next.js gives no socket. The server deletes whatever a client
// sent under these header names and writes the peer address with a per-process proof that
// only code in the same process can know; a header without the matching proof (a client's
// forgery, or `next start` run without the wrapper) is ignored.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { config } from "../config";
import { clientAddress } from "./client-address";

export const PEER_HEADER = "x-vantage-peer";
export const PEER_PROOF_HEADER = "x-vantage-peer-proof";

const proofKey = Symbol.for("vantage.peer-proof");
const g = globalThis as unknown as Record<symbol, string | undefined>;
const proof = (): string => (g[proofKey] ??= randomBytes(24).toString("base64url"));

interface HeaderWriter {
  set(name: string, value: string): void;
  delete(name: string): void;
}

/** Written by the HTTP server for every request, before any handler sees it. */
export function stampPeer(headers: HeaderWriter, peer: string | undefined): void {
  headers.delete(PEER_HEADER);
  headers.delete(PEER_PROOF_HEADER);
  if (!peer) return;
  headers.set(PEER_HEADER, peer);
  headers.set(PEER_PROOF_HEADER, proof());
}

/** Node's IncomingHttpHeaders, stamped in place (the wrapper's view of a request). */
export function stampPeerOnNode(headers: Record<string, string | string[] | undefined>, peer: string | undefined): void {
  stampPeer({ set: (n, v) => (headers[n] = v), delete: (n) => delete headers[n] }, peer);
}

/** What the address rule reads of a request: a route's Request, or a page's `headers()`. */
export interface RequestHeaders {
  headers: Pick<Headers, "get">;
}

/** The socket peer of `request`, or null when no trusted server stamped it. */
export function peerAddress(request: RequestHeaders): string | null {
  const peer = request.headers.get(PEER_HEADER);
  const given = Buffer.from(request.headers.get(PEER_PROOF_HEADER) ?? "");
  const expected = Buffer.from(proof());
  if (!peer || given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return peer;
}

/**
 * The client address of `request` by the one rule (lib/net/client-address.ts); every
 * per-client limit uses this. Null when the request did not come through Vantage's server.
 */
export function requestClientAddress(request: RequestHeaders): string | null {
  return clientAddress(peerAddress(request), request.headers.get("x-forwarded-for"), config().VANTAGE_TRUSTED_PROXIES);
}
