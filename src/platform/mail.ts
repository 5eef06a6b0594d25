import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface Email {
  to: string;
  subject: string;
  text: string;
  attachments?: { filename: string; content: string; contentType: string }[];
}

export interface Mailer {
  send(email: Email): Promise<void>;
}

/**
 * SMTP when SMTP_URL is set. Without it (a demo machine) each message is written as an .eml file
 * under DATA_DIR/outbox, where whoever runs the demo can open it; nothing goes to the log.
 */
export function createMailer(opts: { smtpUrl?: string; from: string; dataDir: string }): Mailer {
  if (opts.smtpUrl) {
    const transport = nodemailer.createTransport(opts.smtpUrl);
    return {
      async send(email) {
        await transport.sendMail({ from: opts.from, ...email });
      },
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(email) {
      const info = await transport.sendMail({ from: opts.from, ...email });
      writeToOutbox(opts.dataDir, `${info.messageId.replace(/[^\w.-]/g, '')}.eml`, info.message as Buffer);
    },
  };
}

/**
 * A message a demo machine did not send (no SMTP server, no SMS provider): written to
 * DATA_DIR/outbox, readable only by the app's user, so whoever runs the demo can open it.
 */
export function writeToOutbox(dataDir: string, name: string, content: string | Buffer): void {
  const outbox = path.resolve(dataDir, 'outbox');
  mkdirSync(outbox, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(outbox, `${Date.now()}-${name}`), content, { mode: 0o600 });
}
