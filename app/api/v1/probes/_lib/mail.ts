// E-mail over SMTP for offline notices (nodemailer), on when VANTAGE_SMTP_URL is set:
// smtp://[user:pass@]host[:port] (STARTTLS whenever the server offers it) or
// smtps://[user:pass@]host[:port] (TLS from the first byte); VANTAGE_SMTP_FROM is the sender.
import nodemailer from "nodemailer";
import type { OfflineMail } from "@/lib/volunteers/notice";

export interface SmtpSettings {
  url: string;
  from: string;
}

export const DEFAULT_SMTP_FROM = "Vantage <vantage@localhost>";

/** The SMTP settings, or null when e-mail is off; a URL that is not smtp(s):// is an error. */
export function smtpSettings(env: NodeJS.ProcessEnv = process.env): SmtpSettings | null {
  const url = env.VANTAGE_SMTP_URL;
  if (!url) return null;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new Error("VANTAGE_SMTP_URL is not a URL (expected smtp://host:port or smtps://host:port)");
  }
  if (protocol !== "smtp:" && protocol !== "smtps:") throw new Error(`VANTAGE_SMTP_URL: expected smtp:// or smtps://, got ${protocol}//`);
  return { url, from: env.VANTAGE_SMTP_FROM || DEFAULT_SMTP_FROM };
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
