// The operations page: open incidents with a link to the engine's Cockpit, deadlines due and breached, and the 2-hour
// standard by channel as a chart beside its table. Ids, steps, times and counts only: no one's personal details.
import { Router } from 'express';
import { z } from 'zod';
import { deadlinesDue, responseStandardOver } from '../../domain/operations';
import type { Incident, ReadModel, ResponseStandardRow } from '../../store/read-model';
import { keyInWords, ukDateTime } from '../format';

/** How far ahead deadlines are shown, and over what period the standard is measured: the choices the page offers. */
const WITHIN = { PT4H: 'the next 4 hours', P1D: 'the next day', P7D: 'the next 7 days' } as const;
const OVER = { P1D: 'the last day', P7D: 'the last 7 days', P30D: 'the last 30 days' } as const;
// Anything unexpected in the address falls back to the defaults: it is only a view.
const operationsQuery = z.object({
  within: z.enum(Object.keys(WITHIN) as [keyof typeof WITHIN]).catch('P1D').default('P1D'),
  over: z.enum(Object.keys(OVER) as [keyof typeof OVER]).catch('P30D').default('P30D'),
});

/** At most this many deadlines are listed; the count above the table says how many there are. */
const MAX_DEADLINES = 100;

const CHANNEL_WORDS: Record<string, string> = {
  phone: 'Phone', email: 'E-mail', text: 'Text message', letter: 'Letter', 'web-form': 'Web form', 'partner-checklist': 'Partner checklist',
};

/** What failed, in words operations staff use: the engine's kinds of incident, then what the failing step said. */
function whatFailed(i: Incident): string {
  const said = i.errorMessage ? `: “${i.errorMessage}”` : '.';
  if (i.errorType === 'failedExternalTask') return `Automatic work kept failing and has stopped until someone retries it${said}`;
  if (i.errorType === 'failedJob') return `A scheduled or background step kept failing and has stopped until someone retries it${said}`;
  return `A step has stopped${said}`;
}

/** The chart's bars for one channel: each part's share of the channel's contacts, as SVG widths in per cent. */
const PARTS = [
  { key: 'withinStandard', text: 'Triaged within 2 hours', colour: '#00703c' },
  { key: 'answeredLate', text: 'Triaged late', colour: '#d4351c' },
  { key: 'openWithin', text: 'Waiting, still within 2 hours', colour: '#505a5f' },
  { key: 'openBreached', text: 'Waiting, past 2 hours', colour: '#f47738' },
] as const;

/** The chart's geometry, in the SVG's own units: a label column, then bars scaled to the busiest channel, then its total. */
const CHART = { labelWidth: 140, barWidth: 220, rowHeight: 32, barHeight: 20 } as const;

function chartRow(r: ResponseStandardRow, index: number, widest: number) {
  const counts = { withinStandard: r.withinStandard, answeredLate: r.answeredLate, openWithin: r.open - r.openBreached, openBreached: r.openBreached };
  const y = index * CHART.rowHeight;
  let x: number = CHART.labelWidth;
  const bars = PARTS.map((p) => {
    const width = widest ? (counts[p.key] / widest) * CHART.barWidth : 0;
    const bar = { x, y: y + (CHART.rowHeight - CHART.barHeight) / 2, width, height: CHART.barHeight, colour: p.colour, part: p.key, count: counts[p.key] };
    x += width;
    return bar;
  }).filter((b) => b.count > 0);
  return { channel: CHANNEL_WORDS[r.channel] ?? keyInWords(r.channel), contacts: r.contacts, ...counts, bars, textY: y + CHART.rowHeight / 2 + 5, totalX: x + 6 };
}

/**
 * The engine's Cockpit page for a journey, where its incident is retried: `cockpitUrl` is the Cockpit app's address
 * (…/operaton/app/cockpit/), the engine's default engine name is `default`.
 */
export function cockpitLink(cockpitUrl: string, processInstanceId: string): string {
  return `${cockpitUrl.replace(/\/?$/, '/')}default/#/process-instance/${encodeURIComponent(processInstanceId)}/runtime?tab=incidents-tab`;
}

/** GET /operations: incidents, deadlines (`within`) and the 2-hour standard (`over`), read as the API's routes read them. */
export function operationsRouter(deps: { readModel: ReadModel; engineNow: () => Promise<Date>; cockpitUrl?: string }): Router {
  const router = Router();
  router.get('/operations', async (req, res) => {
    const q = operationsQuery.parse(req.query);
    const [incidents, due, standard] = await Promise.all([
      deps.readModel.incidents('open'),
      deadlinesDue(deps, q.within),
      responseStandardOver(deps, q.over),
    ]);
    const widest = Math.max(0, ...standard.byChannel.map((r) => r.contacts));
    res.render('pages/operations.njk', {
      within: q.within, over: q.over, withinChoices: WITHIN, overChoices: OVER,
      incidents: incidents.map((i) => ({
        what: whatFailed(i), at: ukDateTime(i.createdAt), journey: keyInWords(i.process || 'a journey'), step: i.step || 'Not known',
        cockpit: deps.cockpitUrl && i.processInstanceKey ? cockpitLink(deps.cockpitUrl, i.processInstanceKey) : undefined,
      })),
      // Breached and still due apart, each soonest first: a long tail of breaches must not hide what falls due next.
      deadlineLists: [true, false].map((breached) => {
        const all = due.deadlines.filter((d) => d.breached === breached);
        return {
          breached, count: all.length,
          rows: all.slice(0, MAX_DEADLINES).map((d) => ({ step: d.step, due: ukDateTime(d.dueAt), kind: d.kind === 'timer' ? 'Waiting for a time to pass' : 'A task to do' })),
        };
      }),
      deadlineCount: due.deadlines.length,
      breaches: due.breaches,
      standard: {
        total: standard.total, rows: standard.byChannel.map((r, i) => chartRow(r, i, widest)), parts: PARTS,
        width: CHART.labelWidth + CHART.barWidth + 40, height: Math.max(1, standard.byChannel.length) * CHART.rowHeight,
      },
    });
  });
  return router;
}
