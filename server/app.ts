import express, { type Express, type RequestHandler, type Router } from 'express';
import { healthHandler, type HealthSource } from './health.ts';

export interface AppParts {
  /** The REST API (server/api), mounted at /api. */
  api?: Router;
  /** Prometheus metrics: the request middleware and the /metrics handler (outside /api and its keys). */
  metrics?: { httpMetrics: RequestHandler; handler: RequestHandler };
  /** Structured request logging with a request id; first, so every later line carries it. */
  requestLogging?: RequestHandler;
  /** The sandbox of external systems (server/sandbox), mounted at /sandbox. */
  sandbox?: Router;
}

export function createApp(source: HealthSource, parts: AppParts = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  if (parts.requestLogging) app.use(parts.requestLogging);
  if (parts.metrics) app.use(parts.metrics.httpMetrics);
  app.get('/health', healthHandler(source));
  if (parts.metrics) app.get('/metrics', parts.metrics.handler);
  if (parts.api) app.use('/api', parts.api);
  if (parts.sandbox) app.use('/sandbox', parts.sandbox);
  return app;
}
