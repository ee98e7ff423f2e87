// E-mail over SMTP for offline notices (nodemailer), on when VANTAGE_SMTP_URL is set:
// smtp://[user:pass@]host[:port] (STARTTLS whenever the server offers it) or
// smtps://[user:pass@]host[:port] (TLS from the first byte); VANTAGE_SMTP_FROM is the sender.
import nodemailer from "nodemailer";
import { config, type Config } from "@/lib/config";
import type { OfflineMail } from "@/lib/volunteers/notice";

export interface SmtpSettings {
  url: string;
  from: string;
}

/** The SMTP settings, or null when e-mail is off (the URL's scheme is checked by lib/config). */
export function smtpSettings(settings: Pick<Config, "VANTAGE_SMTP_URL" | "VANTAGE_SMTP_FROM"> = config()): SmtpSettings | null {
  const url = settings.VANTAGE_SMTP_URL;
  return url ? { url, from: settings.VANTAGE_SMTP_FROM } : null;
}

/** One SMTP connection for a batch of mails; `close` ends it. */
export function openMailer(settings: SmtpSettings): { send: (mail: OfflineMail) => Promise<void>; close: () => void } {
  // Bounded waits: a dead relay must not hold a request handler for minutes.
  const transport = nodemailer.createTransport(
    { url: settings.url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 },
    { from: settings.from },
  );
  return {
    send: async (mail) => {
      await transport.sendMail({ to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transport.close(),
  };
}
