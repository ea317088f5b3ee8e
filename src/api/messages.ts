// /api/messages (a practitioner's in-app inbox, the local outbox of person messages) and /api/cases/:id/messages (what a case was sent).
import { Router } from 'express';
import { z } from 'zod';
import type { AccessLog, ContactRepository } from '../domain/contacts';
import { inboxQuerySchema, outboxQuerySchema, readCaseMessages, type MessageViews } from '../domain/messages';
import { AppError } from '../errors';
import { currentUser } from './auth';
import { parseBody } from './problem';
import type { RequestSchemas } from './openapi';

const messageParams = z.object({ id: z.string().uuid('is not a message id') });
const caseParams = z.object({ id: z.string().uuid('is not a case id') });

/** What each route takes (the OpenAPI document is made from these). */
export const messageRequests = {
  'GET /api/messages/inbox': { query: inboxQuerySchema },
  'POST /api/messages/inbox/:id/read': { params: messageParams, success: 200 },
  'GET /api/messages/outbox': { query: outboxQuerySchema },
  'GET /api/cases/:id/messages': { params: caseParams },
} satisfies RequestSchemas;

export function messagesRouter(deps: { messages: MessageViews; accessLog: AccessLog }): Router {
  const router = Router();

  router.get('/inbox', async (req, res) => {
    const query = parseBody(inboxQuerySchema, req.query);
    res.json({ messages: await deps.messages.inbox(currentUser(res).id, query) });
  });

  router.post('/inbox/:id/read', async (req, res) => {
    const { id } = parseBody(messageParams, req.params);
    const result = await deps.messages.markRead(id, currentUser(res).id);
    // Someone else's message is reported as missing, as tasks of other groups are: its existence is not theirs to know.
    if (typeof result === 'string') throw new AppError(404, 'No such message', `There is no message ${id} in your inbox.`);
    res.json(result);
  });

  // The local stand-in for GOV.UK Notify: empty wherever NOTIFY_API_KEY is set.
  router.get('/outbox', async (req, res) => {
    const query = parseBody(outboxQuerySchema, req.query);
    const messages = await deps.messages.outbox(query);
    // G1: each message is a person's data: the read is logged against every case it shows.
    const userId = currentUser(res).id;
    for (const caseId of new Set(messages.map((m) => m.caseId))) {
      await deps.accessLog.record({ subject: { contactId: caseId }, userId, what: 'messages in the local outbox', why: 'to see what would have gone to Notify' });
    }
    res.json({ messages });
  });

  return router;
}

export function caseMessagesRouter(deps: { messages: MessageViews; contacts: ContactRepository; accessLog: AccessLog }): Router {
  const router = Router();
  router.get('/:id/messages', async (req, res) => {
    const { id } = parseBody(caseParams, req.params);
    const messages = await readCaseMessages(deps, id, { userId: currentUser(res).id, why: 'to see what the case was sent' });
    if (!messages) throw new AppError(404, 'No such case', `There is no case ${id}.`);
    res.json({ caseId: id, messages });
  });
  return router;
}
