// The advocacy page: the advocacy referrals waiting for an advocate, the advocate a provider named (V3), and a person's decline (V4).
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { mayOpen } from '../../api/access-policy';
import {
  AdvocacyProblem, declineAdvocacy, declineSchema, nameAdvocate, namedAdvocateSchema, waitingForAnAdvocate,
  type AdvocacyDeps, type AdvocacyReferral, type AdvocateKind,
} from '../../domain/advocacy';
import { ukDateTime } from '../format';
import { flashFor, saveFlash } from '../flash';
import { pageErrors, tooLong, type PageErrors, type Problem } from '../form-errors';
import { signedInUser } from '../middleware/page-access';

const listQuery = z.object({
  /** Which action's message to show: the id of the session's last message. */
  done: z.string().regex(/^[a-f0-9]{12}$/).optional().catch(undefined),
});
const idParams = z.object({ id: z.string().uuid() });
/** The forms as the browser sends them; the use cases' own schemas check the fields. */
const advocateForm = z.object({
  providerId: z.string().max(200).catch(''),
  name: z.string().max(2_000).catch(''),
  phone: z.string().max(200).catch(''),
});
const declineForm = z.object({ reason: z.string().max(20_000).catch('') });
type Values = Partial<z.output<typeof advocateForm> & z.output<typeof declineForm>>;

/** The longest the name and the reason may be (src/domain/advocacy.ts › namedAdvocateSchema, declineSchema). */
const NAME_MAX = 200;
const REASON_MAX = 2000;

const KIND: Record<AdvocateKind, string> = {
  'care-act': 'Independent advocate (Care Act)',
  imca: 'Independent advocate who is also an independent mental capacity advocate',
  imha: 'Independent advocate who is also an independent mental health advocate',
};
const PROCESS: Record<AdvocacyReferral['process'], string> = {
  assessment: 'Their assessment', review: 'Their review', reassessment: 'Their reassessment', safeguarding: 'A safeguarding enquiry',
};

/** An advocacy referral as staff quote it: the first part of its id, which the provider was given as the reference. */
const referenceOf = (id: string) => id.slice(0, 8).toUpperCase();
/** The ids of one advocacy referral's fields, unique on the page. */
const fieldIds = (id: string) => ({ providerId: `provider-${id}`, name: `advocate-name-${id}`, phone: `advocate-phone-${id}`, reason: `decline-reason-${id}` });

/** What to correct in the advocate's form, field by field, in the words of GOV.UK's error messages. */
function advocateProblems(issues: z.ZodIssue[], ids: ReturnType<typeof fieldIds>): Problem[] {
  return issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    if (field === 'providerId') return { text: 'Choose the provider who named the advocate', fieldId: ids.providerId };
    if (field === 'name') return { text: issue.code === 'too_big' ? tooLong('The advocate\'s name', NAME_MAX) : 'Enter the advocate\'s name', fieldId: ids.name };
    return { text: 'Enter the advocate\'s phone number, like 0300 123 5101', fieldId: ids.phone };
  });
}

/** A refusal by the advocacy use cases, in plain words. */
function refusalProblems(err: AdvocacyProblem, ids: ReturnType<typeof fieldIds>): Problem[] {
  if (err.pointer === '#/providerId') return [{ text: 'Choose a provider from the list', fieldId: ids.providerId }];
  if (err.status === 404) return [{ text: 'That advocacy referral is no longer here: reload the page' }];
  if (err.title === 'The person declined advocacy') return [{ text: 'The person has declined advocacy. If they change their mind, a new referral is made for them' }];
  if (err.title === 'An advocate is already in place') return [{ text: 'An advocate is already in place: if the person no longer wants them, tell the provider' }];
  return [{ text: 'That could not be recorded. Reload the page and try again' }];
}

export function advocacyRouter(deps: AdvocacyDeps): Router {
  const router = Router();

  /** The list; with a refused form, its advocacy referral keeps what was entered and shows what to correct. */
  async function showWaiting(req: Request, res: Response, refused?: { id: string; errors: PageErrors; values: Values; status: number }) {
    const user = signedInUser(req);
    const [waiting, providers] = await Promise.all([waitingForAnAdvocate(deps), deps.advocacy.providers()]);
    const providerName = new Map(providers.map((p) => [p.id, p.name]));
    const canDecline = mayOpen('POST /advocacy/:id/decline', user.groups);
    const canName = mayOpen('POST /advocacy/:id/advocate', user.groups);
    const q = listQuery.parse(req.query);
    res.status(refused?.status ?? 200).render('pages/advocacy.njk', {
      rows: waiting.map((a) => {
        const values = refused?.id === a.id ? refused.values : undefined;
        const chosen = values?.providerId ?? a.providerId ?? '';
        return {
          id: a.id,
          reference: referenceOf(a.id),
          process: PROCESS[a.process],
          kind: KIND[a.kind],
          provider: a.providerId ? providerName.get(a.providerId) ?? a.providerId : 'No provider is taking referrals of this kind',
          noProvider: a.status === 'no-provider',
          since: ukDateTime(a.createdAt),
          ids: fieldIds(a.id),
          values: values ?? {},
          errors: values ? refused?.errors : undefined,
          providers: [
            { value: '', text: 'Choose a provider', selected: chosen === '' },
            ...providers.map((p) => ({ value: p.id, text: p.name, selected: chosen === p.id })),
          ],
        };
      }),
      canDecline,
      canName,
      errors: refused?.errors,
      flash: refused ? undefined : flashFor(req, q.done),
    });
  }

  /** Runs one of the two actions on an advocacy referral: refused, the list again with what to correct; done, back to the list with a message. */
  function act(run: (req: Request, id: string, ids: ReturnType<typeof fieldIds>) => Promise<{ problems: Problem[]; values: Values; status: number } | { done: string }>) {
    return async (req: Request, res: Response) => {
      const params = idParams.safeParse(req.params);
      if (!params.success) {
        res.status(404).render('pages/not-found.njk');
        return;
      }
      const ids = fieldIds(params.data.id);
      const outcome = await run(req, params.data.id, ids);
      if ('problems' in outcome) {
        await showWaiting(req, res, { id: params.data.id, errors: pageErrors(outcome.problems), values: outcome.values, status: outcome.status });
        return;
      }
      const flashId = await saveFlash(req, 'success', outcome.done);
      res.redirect(303, `/advocacy?done=${flashId}`);
    };
  }

  /** V3: the provider named the advocate; the care and support process waiting on it may begin. */
  router.post('/advocacy/:id/advocate', act(async (req, id, ids) => {
    const values = advocateForm.parse(req.body);
    const parsed = namedAdvocateSchema.safeParse(values);
    if (!parsed.success) return { problems: advocateProblems(parsed.error.issues, ids), values, status: 400 };
    try {
      const named = await nameAdvocate(deps, id, parsed.data);
      return { done: `${named.advocateName ?? parsed.data.name} is recorded as the advocate for advocacy referral ${referenceOf(id)}.` };
    } catch (err) {
      if (!(err instanceof AdvocacyProblem)) throw err;
      return { problems: refusalProblems(err, ids), values, status: err.status };
    }
  }));

  /** V4: the person declined; the decline is recorded with their reason, and advocacy stays available to them. */
  router.post('/advocacy/:id/decline', act(async (req, id, ids) => {
    const values = declineForm.parse(req.body);
    const parsed = declineSchema.safeParse(values);
    if (!parsed.success) {
      const tooBig = parsed.error.issues.some((i) => i.code === 'too_big');
      return { problems: [{ text: tooBig ? tooLong('Why they declined', REASON_MAX) : 'Enter why the person declined advocacy', fieldId: ids.reason }], values, status: 400 };
    }
    try {
      await declineAdvocacy(deps, id, parsed.data.reason);
      return { done: `The person's decline is recorded for advocacy referral ${referenceOf(id)}. Advocacy stays available if they change their mind.` };
    } catch (err) {
      if (!(err instanceof AdvocacyProblem)) throw err;
      return { problems: refusalProblems(err, ids), values, status: err.status };
    }
  }));

  router.get('/advocacy', async (req, res) => {
    await showWaiting(req, res);
  });
  return router;
}
