// The security headers of every response, as one pure rule (written by the HTTP server,
// scripts/next-server.ts, before Next.js handles the request; a route may still override).
//
// Framing: `frame-ancestors 'none'` (and X-Frame-Options: DENY for old browsers) on every
// path except the ones meant to be embedded in other sites: everything under /embed/ and
// every chart image (a path ending in /chart.png or /chart.svg). Those may be framed by
// anyone (`frame-ancestors *`), and nothing else may.
//
// Scripts: Next.js's App Router writes its flight data as inline <script> tags, and some
// pages are pre-rendered without a per-request nonce, so inline scripts are allowed but no
// other origin's; eval only in development (React's dev build needs it).

/** True for the paths other sites may frame: /embed/** and ** /chart.png|svg. */
export function isEmbeddable(pathname: string): boolean {
  return pathname === "/embed" || pathname.startsWith("/embed/") || /\/chart\.(png|svg)$/.test(pathname);
}

export function contentSecurityPolicy(pathname: string, development = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${development ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${isEmbeddable(pathname) ? "*" : "'none'"}`,
  ].join("; ");
}

/** Every security header for a response to `pathname`. */
export function securityHeaders(pathname: string, development = false): Record<string, string> {
  const headers: Record<string, string> = {
    "content-security-policy": contentSecurityPolicy(pathname, development),
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
  };
  if (!isEmbeddable(pathname)) headers["x-frame-options"] = "DENY";
  return headers;
}
