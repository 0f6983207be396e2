import express, { type Express, type Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { buildOpenApi } from './openapi.ts';
import type { RouteRegistry } from './route.ts';

/** /openapi.json and the Swagger UI at /docs, from the routes registered so far. */
export function apiDocs(app: Express, registry: RouteRegistry, info: { version: string; serverUrl: string }): Router {
  const openapi = buildOpenApi(registry, info);
  // The same document without a request: scripts/desk-api.ts writes it for the desk's typed client.
  app.locals.openapi = openapi;
  const docs = express.Router();
  docs.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  docs.use('/docs', swaggerUi.serve, swaggerUi.setup(openapi, { customSiteTitle: 'Orrery API' }));
  return docs;
}
