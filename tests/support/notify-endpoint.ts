// A local stand-in for the GOV.UK Notify API (the calls the service makes), on 127.0.0.1, recording what it is sent.
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BASE_TEMPLATE_KEYS } from '../../src/domain/messages';

export interface RecordedNotification {
  id: string;
  type: 'email' | 'sms' | 'letter';
  template_id: string;
  personalisation: Record<string, string | string[]>;
  reference: string | null;
  email_address?: string;
  phone_number?: string;
  created_at: string;
}

export interface NotifyEndpoint {
  baseUrl: string;
  /** A key in Notify's shape, "<name>-<service id>-<secret>", that this endpoint accepts. */
  apiKey: string;
  /** Every notification accepted, in order. */
  notifications: RecordedNotification[];
  /** How many POSTs to /v2/notifications/* arrived, accepted or not. */
  posts(): number;
  /** Holds a notification as if it had been sent earlier (before a crash, say). */
  hold(notification: Pick<RecordedNotification, 'reference'> & Partial<RecordedNotification>): RecordedNotification;
  /** The next send is accepted and recorded, but the connection drops before the answer: the crash window. */
  loseNextAnswer(): void;
  /** The next send answers this status with Notify's error body, recording nothing. */
  failNext(status: number, error: string, message: string): void;
  clear(): void;
  close(): Promise<void>;
}

/** A Notify template id for every base key, and an easy-read outcome letter, as NOTIFY_TEMPLATES would name them. */
export const TEST_NOTIFY_TEMPLATES: Record<string, string> = Object.fromEntries(
  [...BASE_TEMPLATE_KEYS, 'outcome-letter-easy-read'].map((key) => {
    const h = createHash('sha256').update(key).digest('hex');
    return [key, `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`];
  }),
);

const b64url = (b: Buffer) => b.toString('base64url');

/** Notify's auth (its API docs, "Authorisation header"): an HS256 JWT signed with the key's secret, iss the service id, iat within 30 s. */
function authorised(header: string | undefined, serviceId: string, secret: string): boolean {
  const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  const [head, payload, signature] = token?.split('.') ?? [];
  if (!head || !payload || !signature) return false;
  const expected = Buffer.from(b64url(createHmac('sha256', secret).update(`${head}.${payload}`).digest()));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: string; iat?: number };
  return claims.iss === serviceId && typeof claims.iat === 'number' && Math.abs(Date.now() / 1000 - claims.iat) < 30;
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const problem = (status: number, error: string, message: string) => ({ status_code: status, errors: [{ error, message }] });

/** Checks a send as Notify would, for the fields the service fills in; undefined when it is acceptable. */
function refusal(type: RecordedNotification['type'], body: Record<string, unknown>): string | undefined {
  if (typeof body.template_id !== 'string') return 'template_id is a required property';
  if (type === 'email' && typeof body.email_address !== 'string') return 'email_address is a required property';
  if (type === 'sms' && !/^(\+447|07)\d{9}$/.test((typeof body.phone_number === 'string' ? body.phone_number : '').replace(/\s/g, ''))) return 'phone_number Not a UK mobile number';
  if (type === 'letter') {
    const p = (body.personalisation ?? {}) as Record<string, unknown>;
    const lines = [1, 2, 3, 4, 5, 6, 7].map((i) => p[`address_line_${i}`]).filter((l) => typeof l === 'string' && l !== '');
    if (lines.length < 3) return 'Address must be at least 3 lines';
  }
  return undefined;
}

export async function startNotifyEndpoint(): Promise<NotifyEndpoint> {
  const serviceId = randomUUID();
  const secret = randomUUID();
  const notifications: RecordedNotification[] = [];
  let posts = 0;
  let loseAnswer = false;
  let failure: { status: number; error: string; message: string } | undefined;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://notify.invalid');
      if (!authorised(req.headers.authorization, serviceId, secret)) {
        reply(res, 403, problem(403, 'AuthError', 'Invalid token: API key not found'));
        return;
      }
      const send = /^\/v2\/notifications\/(email|sms|letter)$/.exec(url.pathname);
      if (req.method === 'POST' && send) {
        posts += 1;
        if (failure) {
          const f = failure;
          failure = undefined;
          reply(res, f.status, problem(f.status, f.error, f.message));
          return;
        }
        const type = send[1] as RecordedNotification['type'];
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        const refused = refusal(type, body);
        if (refused) {
          reply(res, 400, problem(400, 'ValidationError', refused));
          return;
        }
        const n: RecordedNotification = {
          id: randomUUID(),
          type,
          template_id: body.template_id as string,
          personalisation: (body.personalisation ?? {}) as RecordedNotification['personalisation'],
          reference: typeof body.reference === 'string' ? body.reference : null,
          ...(type === 'email' ? { email_address: body.email_address as string } : {}),
          ...(type === 'sms' ? { phone_number: body.phone_number as string } : {}),
          created_at: new Date().toISOString(),
        };
        notifications.push(n);
        if (loseAnswer) {
          loseAnswer = false;
          req.socket.destroy();
          return;
        }
        reply(res, 201, {
          id: n.id, reference: n.reference, uri: `${url.origin}/v2/notifications/${n.id}`,
          template: { id: n.template_id, version: 1, uri: `${url.origin}/v2/template/${n.template_id}` },
          content: { body: 'rendered by Notify', subject: 'rendered by Notify' },
        });
        return;
      }
      if (req.method === 'GET' && url.pathname === '/v2/notifications') {
        const reference = url.searchParams.get('reference');
        const found = notifications.filter((n) => reference === null || n.reference === reference).reverse();
        reply(res, 200, {
          notifications: found.map((n) => ({ ...n, template: { id: n.template_id, version: 1, uri: '' }, status: 'delivered', body: '' })),
          links: { current: url.href },
        });
        return;
      }
      reply(res, 404, problem(404, 'NoResultFound', 'No result found'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A test that fails before closing it must not keep jest from exiting.
  server.unref();
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey: `care-front-door-test-${serviceId}-${secret}`,
    notifications,
    posts: () => posts,
    hold(partial) {
      const n: RecordedNotification = {
        id: randomUUID(), type: 'email', template_id: randomUUID(), personalisation: {}, created_at: new Date().toISOString(), ...partial,
      };
      notifications.push(n);
      return n;
    },
    loseNextAnswer: () => void (loseAnswer = true),
    failNext: (status, error, message) => void (failure = { status, error, message }),
    clear: () => {
      notifications.length = 0;
      posts = 0;
      loseAnswer = false;
      failure = undefined;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
