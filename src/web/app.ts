// The staff app, served by the service itself beside the API: GOV.UK and MOJ Frontend pages rendered with Nunjucks,
// sessions in PostgreSQL, CSRF tokens on every form, and every page checked against the API's access policy.
import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type session from 'express-session';
import nunjucks from 'nunjucks';
import type { AppDeps } from '../api/app';
import { PROJECT_ROOT } from '../engine/distribution';
import { AppError } from '../errors';
import { noStore } from '../api/middleware/security-headers';
import { signInRateLimit, type RateLimit } from '../api/middleware/rate-limits';
import { ukDateTime } from './format';
import { csrfProtection } from './middleware/csrf';
import { enforcePagePolicy, requireSignIn } from './middleware/page-access';
import { pageSecurityHeaders } from './middleware/security-headers';
import { sessions } from './middleware/session';
import { advocacyRouter } from './routes/advocacy';
import { navigationFor } from './navigation';
import { caseRouter } from './routes/case';
import { inboxRouter } from './routes/inbox';
import { operationsRouter } from './routes/operations';
import { taskRouter } from './routes/task';
import { taskFormScript } from './client-bundle';
import { racRouter } from './routes/rac';
import { signInRouter } from './routes/sign-in';
import { DEVELOPMENT_STAFF, type StaffMember } from './staff';
import { identityProviderClient, type IdentityProvider } from './oidc';

/**
 * FOR LOCAL DEVELOPMENT ONLY. It is public (it is in the source), so anyone could sign a session cookie with it:
 * production must set SESSION_SECRET (src/config.ts refuses to start without it).
 */
export const DEFAULT_SESSION_SECRET = 'local-development-only-session-secret-care-front-door';

export const SERVICE_NAME = 'Adult social care front door';

export interface WebOptions {
  /** Where sessions are kept: src/web/middleware/session.ts › createSessionStore, on the case store's database. */
  sessionStore: session.Store;
  /** Signs the session cookie: SESSION_SECRET. */
  sessionSecret: string;
  /** Cookies only over HTTPS: true unless the service listens on a loopback address. */
  secureCookies: boolean;
  /** The development sign-in that picks one of the seeded staff (src/web/staff.ts); never in production. */
  developmentSignIn: boolean;
  /** The staff the development sign-in offers; DEVELOPMENT_STAFF unless given. */
  staff?: readonly StaffMember[];
  /** The council's identity provider staff sign in with (OpenID Connect); without it, only the development sign-in, if on. */
  identityProvider?: IdentityProvider;
  /** The engine's Cockpit (…/operaton/app/cockpit/), linked from each incident on the operations page; no links without it. */
  cockpitUrl?: string;
}

/** What the pages read and do: the API's own dependencies (the same use cases, stores and engine), and the sign-in limit. */
export type WebDeps = Omit<AppDeps, 'web' | 'auth' | 'rateLimits'> & { signInLimit: RateLimit };

const MODULES = path.join(PROJECT_ROOT, 'node_modules');
const GOVUK = path.join(MODULES, 'govuk-frontend', 'dist');
const MOJ = path.join(MODULES, '@ministryofjustice', 'frontend');
const BPMN_JS = path.join(MODULES, 'bpmn-js', 'dist');
// The templates stay in src/ whether the service runs compiled or not, as the migrations do.
const VIEWS = path.join(PROJECT_ROOT, 'src', 'web', 'views');

/** Nunjucks over our views, GOV.UK Frontend's and MOJ Frontend's macros, escaping everything unless marked safe. */
function setUpViews(app: Express): void {
  const env = nunjucks.configure([VIEWS, GOVUK, MOJ], { autoescape: true, express: app, throwOnUndefined: false });
  env.addFilter('ukDateTime', (d: Date) => ukDateTime(d));
  // MOJ Frontend's timeline formats its dates with this filter: the GOV.UK style, as everywhere else.
  env.addFilter('mojDate', (timestamp: string) => ukDateTime(new Date(timestamp)));
  env.addGlobal('serviceName', SERVICE_NAME);
  app.set('view engine', 'njk');
}

/** The packages' stylesheets, scripts, fonts and images, and our own few, cached for a day: they change only with a release. */
function staticAssets(app: Express): void {
  const day = { maxAge: '1d', index: false, fallthrough: true } as const;
  app.use('/assets', express.static(path.join(GOVUK, 'govuk', 'assets'), day));
  app.use('/assets', express.static(path.join(MOJ, 'moj', 'assets'), day));
  app.get('/assets/app/task-form.js', async (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=86400').send(await taskFormScript());
  });
  app.use('/assets/app', express.static(path.join(PROJECT_ROOT, 'src', 'web', 'assets'), day));
  app.get('/assets/govuk-frontend.min.css', (_req, res) => res.sendFile(path.join(GOVUK, 'govuk', 'govuk-frontend.min.css'), day));
  app.get('/assets/govuk-frontend.min.js', (_req, res) => res.sendFile(path.join(GOVUK, 'govuk', 'govuk-frontend.min.js'), day));
  // bpmn-js's prebuilt viewer and its styles, for the case page's diagram: the viewer only, not the modeller.
  app.get('/assets/bpmn/bpmn-navigated-viewer.production.min.js', (_req, res) => res.sendFile(path.join(BPMN_JS, 'bpmn-navigated-viewer.production.min.js'), day));
  app.get(/^\/assets\/bpmn\/(diagram-js|bpmn-js)\.css$/, (req, res) => res.sendFile(path.join(BPMN_JS, 'assets', path.basename(req.path)), day));
  app.get('/assets/moj-frontend.min.css', (_req, res) => res.sendFile(path.join(MOJ, 'moj', 'moj-frontend.min.css'), day));
}

/**
 * Mounts the staff app on the service's Express app, after the API (which keeps its own bearer-token checks) and
 * before its 404: assets, then for pages the page content-security policy, no caching, form bodies, sessions, CSRF,
 * sign-in and out, then the pages behind sign-in and the policy check. An unexpected failure shows a page in plain
 * words, with what happened in the log.
 */
export function mountStaffApp(app: Express, deps: WebDeps, options: WebOptions): void {
  setUpViews(app);
  staticAssets(app);
  const staff = options.staff ?? DEVELOPMENT_STAFF;
  const pages = express.Router();
  // Signing out posts a form that ends at the provider's sign-out page: the policy's form-action must allow its origin.
  pages.use(...pageSecurityHeaders(options.identityProvider ? [new URL(options.identityProvider.issuer).origin] : []), noStore, express.urlencoded({ extended: false, limit: '10kb' }));
  pages.use(sessions({ store: options.sessionStore, secret: options.sessionSecret, secure: options.secureCookies }));
  pages.use(...csrfProtection(), (req, res, next) => {
    // Every page shows who is signed in, and their sign-out, once they are, and the pages their groups may open.
    res.locals.user = req.session.user;
    res.locals.navigation = req.session.user ? navigationFor(req.session.user.groups) : [];
    next();
  });
  pages.use(signInRouter({
    developmentSignIn: options.developmentSignIn, staff, rateLimit: signInRateLimit(deps.signInLimit), log: deps.log,
    ...(options.identityProvider ? { identityProvider: identityProviderClient(options.identityProvider) } : {}),
  }));
  pages.use(requireSignIn(), enforcePagePolicy());
  pages.use(inboxRouter({ tasks: deps.readModel, commands: deps.commands, engineNow: deps.engineNow, staff }));
  pages.use(taskRouter({ ...deps, staff }));
  pages.use(racRouter({ ...deps, staff }));
  pages.use(advocacyRouter({ ...deps, messages: deps.messageDeps }));
  pages.use(caseRouter({ ...deps, staff }));
  pages.use(operationsRouter({ ...deps, cockpitUrl: options.cockpitUrl }));
  pages.use((_req, res) => {
    res.status(404).render('pages/not-found.njk');
  });
  pages.use((err: Error & { code?: string }, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (err.code === 'EBADCSRFTOKEN') {
      res.status(403).render('pages/form-expired.njk');
      return;
    }
    // A task or record that is not there (or not the user's to see) is a page not found, as the API answers 404.
    if (err instanceof AppError && (err.status === 404 || err.status === 400)) {
      res.status(404).render('pages/not-found.njk');
      return;
    }
    if (err instanceof AppError && err.status === 503) {
      deps.log.error('a page could not be shown', { path: req.path, error: err.message });
      res.status(503).render('pages/problem.njk', { unavailable: err.detail });
      return;
    }
    if (err instanceof AppError && err.status === 429) {
      res.status(429).render('pages/too-many.njk', { minutes: Math.max(1, Math.ceil(Number(res.get('Retry-After') ?? 60) / 60)) });
      return;
    }
    deps.log.error('a page failed', { path: req.path, error: err.message });
    res.status(500).render('pages/problem.njk');
  });
  // Only what is not the API: /api keeps its problem+json answers, including its 404.
  app.use((req, res, next) => (/^\/api(\/|$)/.test(req.path) ? next() : pages(req, res, next)));
}
