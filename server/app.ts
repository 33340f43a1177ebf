import express, { type Express, type Router } from 'express';
import { healthHandler, type HealthSource } from './health.ts';

export interface AppParts {
  /** The REST API (server/api), mounted at /api. */
  api?: Router;
}

export function createApp(source: HealthSource, parts: AppParts = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', healthHandler(source));
  // Mount point: /metrics (server/metrics.ts) goes here, outside /api and its API keys.
  if (parts.api) app.use('/api', parts.api);
  return app;
}
