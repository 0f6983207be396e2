import { z, type ZodType } from 'zod';
import { accessOf, type RouteRegistry } from './route.ts';

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', description: 'Stable machine-readable error code' },
    detail: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

export function jsonSchema(schema: ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

/** `/units/:id` → `/units/{id}` */
function openApiPath(mount: string, path: string): string {
  return (mount + path).replace(/:([A-Za-z_]+)/g, '{$1}').replace(/\/$/, '') || '/';
}

function parameters(schema: ZodType | undefined, where: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const s = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, prop]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    schema: prop,
  }));
}

/** Builds the OpenAPI 3.1 document from the registered routes' own zod schemas. */
export function buildOpenApi(registry: RouteRegistry, info: { version: string; serverUrl: string }): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { spec, mount } of registry.routes) {
    const key = openApiPath(mount, spec.path);
    const status = String(spec.status ?? 200);
    const responses: Record<string, unknown> = {
      [status]:
        status === '204'
          ? { description: 'No content' }
          : {
              description: 'Success',
              content: spec.produces
                ? { [spec.produces]: { schema: { type: 'string' } } }
                : { 'application/json': { schema: spec.response ? jsonSchema(spec.response, 'output') : {} } },
            },
    };
    const problems: Record<number, string> = { ...spec.errors };
    if (spec.params || spec.query || spec.body) problems[422] = 'validation_failed';
    if (spec.params) problems[404] = 'not_found';
    if (spec.upload) problems[413] = 'payload_too_large';
    if (spec.upload?.raw) problems[422] = 'validation_failed, undecodable_file';
    const signedIn = accessOf(spec) === 'signed-in';
    if (signedIn) problems[401] ??= 'unauthorized';
    for (const [code, name] of Object.entries(problems)) {
      responses[code] = {
        description: name,
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
    paths[key] ??= {};
    paths[key][spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      operationId: `${spec.method}${key.replace(/[{}]/g, '').replace(/\/([a-z])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '')}`,
      parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
      security: signedIn ? [{ bearer: [] }, { session: [] }] : [],
      ...(spec.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } }
        : {}),
      ...(spec.upload?.raw
        ? { requestBody: { required: true, description: `The file itself, at most ${spec.upload.maxBytes} bytes`, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } } }
        : {}),
      responses,
    };
  }
  for (const [key, item] of Object.entries(registry.pathItems)) paths[key] = { ...paths[key], ...item };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Orrery API',
      version: info.version,
      description:
        'Scheduler for joint science-education programmes: units, resources, activities, claims. ' +
        'Errors are application/problem+json with a stable `code`.',
    },
    servers: [{ url: info.serverUrl }],
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'API token from POST /api/v1/auth/tokens or `orrery users create`' },
        session: { type: 'apiKey', in: 'cookie', name: 'orrery_session', description: 'Web sign-in session; state changes also need the X-CSRF-Token header' },
      },
    },
  };
}
