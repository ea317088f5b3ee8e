// The API described as OpenAPI 3.0, made from the same zod schemas the routes parse with and the access policy's table,
// so the description cannot drift from what the service takes. Served at /openapi.json (it holds no personal data).
import { extendZodWithOpenApi, OpenApiGeneratorV3, OpenAPIRegistry, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z, type ZodTypeAny } from 'zod';
import { ACCESS_POLICY, DATA_KINDS, type Route } from './access-policy';
import { advocacyRequests } from './advocacy';
import { contactRequests } from './contacts';
import { directoryRequests } from './directory';
import { messageRequests } from './messages';
import { operationsRequests } from './operations';
import { directoryPeopleRequests } from './practitioners';
import { racRequests } from './rac';
import { referralRequests } from './referrals';
import { taskRequests } from './tasks';

// The generator reads schemas through a method it adds to zod's types (on their prototype, so schemas made earlier have it too).
extendZodWithOpenApi(z);

/** What one route takes: its path parameters, query and JSON body, and the status it answers with when it works (200 unless said). */
export interface RequestSchema {
  params?: ZodTypeAny;
  query?: ZodTypeAny;
  body?: ZodTypeAny;
  success?: 200 | 201 | 204;
}
export type RequestSchemas = Partial<Record<Route, RequestSchema>>;

/** Every route's request, from the routers that parse them; a route the policy lists but no router describes fails the type check. */
export const REQUESTS: Record<Route, RequestSchema> = {
  ...contactRequests, ...taskRequests, ...operationsRequests, ...messageRequests, ...directoryRequests, ...directoryPeopleRequests,
  ...referralRequests, ...racRequests, ...advocacyRequests,
};

const PROBLEM = { 'application/problem+json': { schema: { type: 'object', properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, errors: { type: 'array', items: { type: 'object', properties: { pointer: { type: 'string' }, detail: { type: 'string' } } } } } } } } as const;
const problem = (description: string) => ({ description, content: PROBLEM });

/** The OpenAPI 3.0 document: every route of the policy table with its request schemas, who may call it, and its answers. */
export function openApiDocument(): ReturnType<OpenApiGeneratorV3['generateDocument']> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  for (const route of Object.keys(ACCESS_POLICY) as Route[]) {
    const [method, path] = route.split(' ') as [string, string];
    const { action, groups, data } = ACCESS_POLICY[route];
    const { params, query, body, success = 200 } = REQUESTS[route];
    const request: RouteConfig['request'] = {
      ...(params ? { params: params as never } : {}),
      ...(query ? { query: query as never } : {}),
      ...(body ? { body: { content: { 'application/json': { schema: body } }, required: true } } : {}),
    };
    registry.registerPath({
      method: method.toLowerCase() as RouteConfig['method'],
      path: path.replace(/:(\w+)/g, '{$1}'),
      summary: action,
      description: `Who may: ${groups.join(', ')}. Data: ${DATA_KINDS[data]}.`,
      tags: [path.split('/')[2] ?? 'api'],
      security: [{ bearer: [] }],
      request,
      responses: {
        [success]: success === 204 ? { description: 'Done' } : { description: 'Done', content: { 'application/json': { schema: { type: 'object' } } } },
        400: problem('The request is not as described: each field at fault is named'),
        401: problem('Not signed in, or the token is not valid'),
        403: problem('The signed-in user\'s groups may not do this'),
        404: problem('Nothing of that id'),
        409: problem('The thing changed, or is not in a state for this'),
        503: problem('The engine, the case store or the sign-in service is unavailable'),
      },
    });
  }
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: { title: 'Adult social care front door', version: '1', description: 'The API of the care front door service. Every call needs a bearer token; the groups it names decide what it may do.', license: { name: 'MIT' } },
    servers: [{ url: '/' }],
  });
}
