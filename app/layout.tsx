// The root layout stays minimal (document, global CSS, metadata): the site's header and
// footer live in app/(site)/layout.tsx, so embeds (app/embed/**) render without them.
import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Vantage: messenger reachability observatory", template: "%s · Vantage" },
  description: "Open measurements of whether WhatsApp, Telegram and Max can be reached from inside censored networks.",
  icons: { icon: [{ url: "/favicon.svg", type: "image/svg+xml" }], apple: "/icon.svg" },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
