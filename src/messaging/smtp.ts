// E-mail to practitioners over SMTP (nodemailer), with a Message-ID derived from the idempotency key; or none configured.
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { PractitionerMailer } from '../domain/messages';

export interface SmtpOptions {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465 (TLS from the start). */
  url: string;
  /** The From address, e.g. "Adult Social Care <adult.social.care@council.example>". */
  from: string;
  timeoutMs: number;
}

/** The domain of the From address, for Message-IDs. */
function domainOf(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'care-front-door.invalid';
}

/**
 * The same key always gives the same Message-ID (RFC 5322 §3.6.4), so a copy sent twice is recognisably the
 * same message. The key is hashed because ids allow fewer characters than keys do, and keys name cases.
 */
export function messageIdFor(key: string, from: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@${domainOf(from)}>`;
}

/**
 * The message row is recorded as pending before this is called and marked sent after it returns. The window
 * that remains: the server accepts the mail and the process dies before "sent" is committed. SMTP offers no
 * way to ask whether a Message-ID was delivered, so the retry sends again; the copy carries the same
 * Message-ID, which mail clients and most servers use to drop duplicates.
 */
export function createSmtpMailer(options: SmtpOptions): PractitionerMailer & { close(): void } {
  const transport = nodemailer.createTransport(
    { url: options.url, connectionTimeout: options.timeoutMs, greetingTimeout: options.timeoutMs, socketTimeout: options.timeoutMs },
    { from: options.from },
  );
  return {
    async send(mail) {
      const messageId = messageIdFor(mail.key, options.from);
      try {
        const info = await transport.sendMail({ messageId, to: mail.to, subject: mail.subject, text: mail.text });
        if (info.rejected.length > 0) return { accepted: false, reason: `The mail server refused the recipient: ${info.response}` };
        return { accepted: true, providerReference: messageId };
      } catch (err) {
        // 5xx refusals of the message or recipient are final; connection faults and 4xx are retried.
        const e = err as { responseCode?: number; message: string };
        if (e.responseCode !== undefined && e.responseCode >= 500) return { accepted: false, reason: `The mail server refused the message: ${e.message}` };
        throw err;
      }
    },
    close: () => transport.close(),
  };
}

/** No SMTP_URL: practitioners get the in-app inbox only, and each e-mail is recorded as not sent, saying why. */
export function noMailer(): PractitionerMailer {
  return {
    send: () => Promise.resolve({ accepted: false, reason: 'No mail server is configured (SMTP_URL); the message is in the in-app inbox only.' }),
  };
}
