import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "Vantage: messenger reachability observatory",
  description:
    "Open measurements of whether WhatsApp, Telegram and Max can be reached from inside censored networks.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <a href="/" className="brand">
            Vantage
          </a>
          <span className="tagline">open observatory of messenger reachability</span>
        </header>
        <main>{children}</main>
        <footer className="site-footer">
          Times are UTC. Every number is traceable to the stored measurements behind it (<a href="/api/v1/openapi.json">API</a>).
        </footer>
      </body>
    </html>
  );
}
