import express, { type Express } from 'express';
import { healthHandler, type HealthSource } from './health.ts';

export function createApp(source: HealthSource): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', healthHandler(source));
  return app;
}
