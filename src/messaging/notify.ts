// GOV.UK Notify as the person channel, through its official Node client: templates by key, the idempotency key as reference.
import axios, { isAxiosError } from 'axios';
import { NotifyClient } from 'notifications-node-client';
import type { PersonChannel, SendResult } from '../domain/messages';

export interface NotifyOptions {
  apiKey: string;
  baseUrl: string;
  /** "<template>-<method>[-variant]" → Notify template id. */
  templates: Record<string, string>;
  timeoutMs: number;
}

/** Notify's errors: { status_code, errors: [{ error, message }] }. */
function notifyError(err: unknown): { status: number | undefined; message: string } {
  if (!isAxiosError(err)) return { status: undefined, message: (err as Error).message };
  const data = err.response?.data as { errors?: { error?: string; message?: string }[] } | undefined;
  const message = data?.errors?.map((e) => `${e.error ?? 'Error'}: ${e.message ?? ''}`).join('; ') ?? err.message;
  return { status: err.response?.status, message };
}

export function createNotifyChannel(options: NotifyOptions): PersonChannel {
  const client = new NotifyClient(options.baseUrl, options.apiKey);
  // The client brings no timeout of its own; without one a hung connection would hold the job (and the row lock) for ever.
  const http = axios.create({ timeout: options.timeoutMs });
  client.setClient(http);

  return {
    name: 'notify',
    templateId: (key) => options.templates[key],

    async findByReference(reference) {
      // Notify keeps notifications for 7 days by default, far longer than a job's retries.
      const res = await client.getNotifications(undefined, undefined, reference);
      const found = res.data.notifications.find((n) => n.reference === reference);
      return found && { providerReference: found.id };
    },

    async send(request): Promise<SendResult> {
      const options = { personalisation: request.personalisation, reference: request.reference };
      try {
        const res =
          request.method === 'email'
            ? await client.sendEmail(request.templateId, request.to ?? '', options)
            : request.method === 'text'
              ? await client.sendSms(request.templateId, request.to ?? '', options)
              : await client.sendLetter(request.templateId, options);
        return { accepted: true, providerReference: res.data.id };
      } catch (err) {
        const { status, message } = notifyError(err);
        // 400 is Notify refusing this message (not a mobile number, an address it cannot post to, a missing
        // personalisation field): sending it again would be refused again. Everything else (403 a wrong key,
        // 429 rate limit, 5xx, the network) is thrown, so the job retries and ends in an incident if it persists.
        if (status === 400) return { accepted: false, reason: `GOV.UK Notify refused the message: ${message}` };
        throw new Error(`GOV.UK Notify could not be reached or refused the request (${status ?? 'no answer'}): ${message}`, { cause: err });
      }
    },
  };
}
