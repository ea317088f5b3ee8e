// Builds the message ports from the configuration: Notify or the local outbox for people, SMTP or none for practitioners.
import type { Pool } from 'pg';
import type { Config } from '../config';
import type { MessageDeps } from '../domain/messages';
import { createMessageStore, createOutboxChannel, type MessageRecords } from '../store/messages';
import { createNotifyChannel } from './notify';
import { createSmtpMailer, noMailer } from './smtp';

export interface Messaging {
  /** What sendToPerson and messagePractitioner need. */
  deps: MessageDeps;
  /** The same store, with the views the API reads (inbox, outbox, a case's messages). */
  store: MessageRecords;
  /** Says which channels are in use, for the start-up log. */
  describe: { person: 'notify' | 'outbox'; practitionerEmail: 'smtp' | 'none' };
  close(): void;
}

type MessagingConfig = Pick<Config, 'NOTIFY_API_KEY' | 'NOTIFY_BASE_URL' | 'NOTIFY_TEMPLATES' | 'NOTIFY_TIMEOUT_MS' | 'SMTP_URL' | 'SMTP_FROM' | 'SMTP_TIMEOUT_MS'>;

export function createMessaging(config: MessagingConfig, pool: Pool): Messaging {
  const store = createMessageStore(pool);
  const person = config.NOTIFY_API_KEY
    ? createNotifyChannel({ apiKey: config.NOTIFY_API_KEY, baseUrl: config.NOTIFY_BASE_URL, templates: config.NOTIFY_TEMPLATES, timeoutMs: config.NOTIFY_TIMEOUT_MS })
    : createOutboxChannel(pool, config.NOTIFY_TEMPLATES);
  const smtp = config.SMTP_URL ? createSmtpMailer({ url: config.SMTP_URL, from: config.SMTP_FROM, timeoutMs: config.SMTP_TIMEOUT_MS }) : undefined;
  return {
    deps: { store, person, mailer: smtp ?? noMailer() },
    store,
    describe: { person: person.name, practitionerEmail: smtp ? 'smtp' : 'none' },
    close: () => smtp?.close(),
  };
}
