/** Outgoing e-mail (password resets, invitations). SMTP in production, an outbox folder in development. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): Promise<void>;
}
