import nodemailer from 'nodemailer';
import type { Mail, Mailer } from './mailer.js';

/** SMTP through nodemailer: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
export function createSmtpMailer(options: { url: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(options.url);
  return {
    async send(mail: Mail): Promise<void> {
      await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}
