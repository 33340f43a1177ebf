import { z } from 'zod';
import type { RouteSpec } from './api/route.ts';
import { errorResponse } from './api/schemas.ts';

/**
 * The OpenAPI 3.1 document of /api, built from the registered routes and their zod schemas:
 * what validates a request is what the document describes, so the two cannot drift apart.
 * JSON Schema 2020-12 (zod's default target) is OpenAPI 3.1's schema dialect.
 */

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

/** `:key` → `{key}`. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function parameters(spec: RouteSpec): JsonSchema[] {
  const result: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', spec.params],
    ['query', spec.query],
  ] as const) {
    if (!(schema instanceof z.ZodObject)) continue;
    for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      const json = toSchema(field, 'input');
      result.push({ name, in: where, required: where === 'path' || !field.safeParse(undefined).success, ...(json.description ? { description: json.description } : {}), schema: json });
    }
  }
  return result;
}

function requestBody(spec: RouteSpec): JsonSchema | undefined {
  if (!spec.body) return undefined;
  const content: JsonSchema = { 'application/json': { schema: toSchema(spec.body, 'input') } };
  for (const type of spec.text?.types ?? []) content[type] = { schema: toSchema(spec.text!.schema, 'input') };
  return { required: true, content };
}

const ERROR_RESPONSES: Record<number, string> = {
  400: 'invalid input; `field` names the offending field. Nothing was written.',
  401: 'no or unknown API key',
  403: 'the key lacks a role this operation needs',
  404: 'no such resource',
  409: 'the resource is not in a state that allows this (the engine refused)',
  413: 'request body too large',
  415: 'unsupported Content-Type',
};

function responses(spec: RouteSpec): JsonSchema {
  const result: JsonSchema = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    result[status] = { description: r.description, ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: toSchema(r.schema, 'output') } } } : {}) };
  }
  const applicable = Object.keys(ERROR_RESPONSES).map(Number).filter((s) => (s === 413 || s === 415 ? !!spec.body : true));
  for (const status of applicable) {
    result[status] ??= { description: ERROR_RESPONSES[status], content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  return result;
}

export function buildOpenApi(routes: readonly RouteSpec[], info: { version: string }): JsonSchema {
  const paths: Record<string, JsonSchema> = {};
  for (const spec of routes) {
    const path = `/api${openApiPath(spec.path)}`;
    const roles = spec.roles === 'any' ? 'any authenticated principal' : [...spec.roles, 'admin'].join(', ');
    paths[path] = {
      ...paths[path],
      [spec.method]: {
        operationId: `${spec.method}${openApiPath(spec.path).replace(/[{}]/g, '').replace(/(^|[/-])(\w)/g, (_m, _s, c: string) => c.toUpperCase())}`,
        summary: spec.summary,
        description: `Roles: ${roles}.${spec.action ? ` Audited as \`${spec.action}\`.` : ''}`,
        tags: [spec.tag],
        'x-roles': spec.roles,
        parameters: parameters(spec),
        ...(requestBody(spec) ? { requestBody: requestBody(spec) } : {}),
        responses: responses(spec),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Baton REST API', version: info.version, description: 'Models, process instances, incidents, messages and human tasks. Authenticate with `Authorization: Bearer <API key>`.' },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A Baton API key' } },
      schemas: { Error: toSchema(errorResponse, 'output') },
    },
    paths: { '/api/openapi.json': { get: { operationId: 'getOpenApi', summary: 'This document', security: [], tags: ['meta'], parameters: [], responses: { 200: { description: 'OpenAPI 3.1' } } } }, ...paths },
  };
}
