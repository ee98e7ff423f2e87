// A small SMTP server on 127.0.0.1 for tests (RFC 5321: EHLO/HELO, AUTH PLAIN, MAIL, RCPT,
// DATA with dot-unstuffing, RSET, NOOP, QUIT). It keeps every message it accepted, with
// the envelope and the raw data, and can be told to refuse recipients.
import net from "node:net";

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as sent after DATA: headers, blank line, body (dots unstuffed). */
  data: string;
  /** The user of AUTH PLAIN, if the client authenticated. */
  user: string | null;
}

export interface SmtpStandIn {
  port: number;
  url: (auth?: { user: string; pass: string }) => string;
  mails: ReceivedMail[];
  /** Recipients answered 550 (a relay that refuses the address). */
  refuse: Set<string>;
  /** Every SMTP command line the clients sent, for checking the conversation. */
  commands: string[];
  close: () => Promise<void>;
}

export async function startSmtpStandIn(): Promise<SmtpStandIn> {
  const mails: ReceivedMail[] = [];
  const refuse = new Set<string>();
  const commands: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffer = "";
    let inData = false;
    let data: string[] = [];
    let envelope: { from: string | null; to: string[] } = { from: null, to: [] };
    let user: string | null = null;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 smtp.test ESMTP stand-in");
    const onLine = (line: string) => {
      if (inData) {
        if (line === ".") {
          inData = false;
          mails.push({ from: envelope.from ?? "", to: envelope.to, data: data.join("\r\n"), user });
          envelope = { from: null, to: [] };
          return reply("250 2.0.0 queued");
        }
        data.push(line.startsWith("..") ? line.slice(1) : line);
        return;
      }
      commands.push(line);
      const verb = line.split(" ")[0].toUpperCase();
      if (verb === "EHLO") return socket.write("250-smtp.test\r\n250-8BITMIME\r\n250-AUTH PLAIN\r\n250 SMTPUTF8\r\n");
      if (verb === "HELO") return reply("250 smtp.test");
      if (verb === "AUTH") {
        const [, mechanism, initial] = line.split(" ");
        if (mechanism?.toUpperCase() !== "PLAIN" || !initial) return reply("504 5.5.4 only AUTH PLAIN with an initial response");
        user = Buffer.from(initial, "base64").toString("utf8").split("\0")[1] ?? null;
        return reply("235 2.7.0 authenticated");
      }
      if (verb === "MAIL") {
        envelope = { from: /<([^>]*)>/.exec(line)?.[1] ?? "", to: [] };
        return reply("250 2.1.0 ok");
      }
      if (verb === "RCPT") {
        const to = /<([^>]*)>/.exec(line)?.[1] ?? "";
        if (refuse.has(to)) return reply("550 5.1.1 no such user");
        envelope.to.push(to);
        return reply("250 2.1.5 ok");
      }
      if (verb === "DATA") {
        if (envelope.to.length === 0) return reply("554 5.5.1 no valid recipients");
        inData = true;
        data = [];
        return reply("354 end with <CRLF>.<CRLF>");
      }
      if (verb === "RSET") {
        envelope = { from: null, to: [] };
        return reply("250 2.0.0 ok");
      }
      if (verb === "NOOP") return reply("250 2.0.0 ok");
      if (verb === "QUIT") {
        reply("221 2.0.0 bye");
        return void socket.end();
      }
      reply("502 5.5.2 command not implemented");
    };
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let at: number;
      while ((at = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        onLine(line);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: (auth) => `smtp://${auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@` : ""}127.0.0.1:${port}`,
    mails,
    refuse,
    commands,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function splitMessage(mail: ReceivedMail): { headers: string; body: string } {
  const at = mail.data.indexOf("\r\n\r\n");
  return at < 0 ? { headers: mail.data, body: "" } : { headers: mail.data.slice(0, at), body: mail.data.slice(at + 4) };
}

function decodeQuotedPrintable(s: string): string {
  const bytes = s.replace(/=\r?\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => `%${h}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-Fa-f]{2})/g, "%25"));
}

/** A header's value, unfolded, with RFC 2047 encoded words decoded. */
export function mailHeader(mail: ReceivedMail, name: string): string | null {
  const unfolded = splitMessage(mail).headers.replace(/\r\n[ \t]+/g, " ");
  const line = unfolded.split("\r\n").find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (line === undefined) return null;
  return line
    .slice(name.length + 1)
    .trim()
    .replace(/\?=\s+=\?/g, "?==?") // whitespace between encoded words is not part of the text
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeQuotedPrintable(text.replace(/_/g, " ")),
    );
}

/** The message body, decoded from its Content-Transfer-Encoding (single-part messages). */
export function mailText(mail: ReceivedMail): string {
  const { body } = splitMessage(mail);
  const encoding = (mailHeader(mail, "Content-Transfer-Encoding") ?? "7bit").toLowerCase();
  if (encoding === "quoted-printable") return decodeQuotedPrintable(body);
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  return body;
}
