/**
 * Observations that need the engine's record stream: incidents and how an instance ended.
 * Without a stream (a gateway whose records cannot be read) the entry says "unobservable"
 * and the comparator leaves it out, so a missing view never passes for agreement.
 */
import { CaseAbort, OBSERVE_WAIT_MS } from './case.ts';
import type { CaseContext, Instance } from './context.ts';
import type { FeedRecord } from './feeds/record-feed.ts';

export interface Incident {
  key: string;
  errorType: string;
  elementId: string;
}

const ENDS = new Set(['ELEMENT_COMPLETED', 'ELEMENT_TERMINATED']);

/** The oldest incident of this case not traced yet. */
export async function nextIncident(ctx: CaseContext, waitMs: number, optional: boolean): Promise<Incident | undefined> {
  const feed = ctx.target.feed;
  if (!feed) {
    ctx.record('incident', { unobservable: true });
    return undefined;
  }
  const ours = (r: FeedRecord) =>
    r.valueType === 'INCIDENT' &&
    r.intent === 'CREATED' &&
    (r.bpmnProcessId ?? '').endsWith(`-${ctx.token}`) &&
    !ctx.incidentsSeen.has(r.key);
  const found = await feed.waitFor(ours, waitMs);
  if (!found) {
    ctx.record('incident', { none: true });
    if (optional) return undefined;
    throw new CaseAbort('no incident was raised');
  }
  ctx.incidentsSeen.add(found.key);
  const incident = { key: found.key, errorType: found.errorType ?? '', elementId: found.elementId ?? '' };
  ctx.record('incident', {
    errorType: incident.errorType,
    elementId: incident.elementId,
    errorMessage: (found.errorMessage ?? '').replace(/\b\d{10,}\b/g, '<key>'),
  });
  return incident;
}

/** Waits for the process element of `instance` to complete or terminate, then traces the instance's end. */
export async function endOf(ctx: CaseContext, instance: Instance): Promise<void> {
  const feed = ctx.target.feed;
  if (!feed) {
    ctx.record('ended', { unobservable: true });
    return;
  }
  const isEnd = (r: FeedRecord) =>
    r.valueType === 'PROCESS_INSTANCE' && r.bpmnElementType === 'PROCESS' && r.processInstanceKey === instance.key && ENDS.has(r.intent);
  const end = await feed.waitFor(isEnd, OBSERVE_WAIT_MS);
  if (!end) {
    ctx.record('ended', { none: true });
    throw new CaseAbort('the instance did not end');
  }
  const records = feed.all().filter((r) => r.processInstanceKey === instance.key);
  const elements = (intent: string) =>
    records
      .filter((r) => r.valueType === 'PROCESS_INSTANCE' && r.intent === intent && r.bpmnElementType !== 'PROCESS')
      .map((r) => r.elementId ?? '?')
      .sort();
  ctx.record('ended', {
    state: end.intent === 'ELEMENT_COMPLETED' ? 'COMPLETED' : 'TERMINATED',
    completed: elements('ELEMENT_COMPLETED'),
    terminated: elements('ELEMENT_TERMINATED'),
    variables: ctx.vars(processVariables(records, instance.key)),
  });
}

/** The process scope's variables as the log leaves them: the last write of each name wins. */
function processVariables(records: FeedRecord[], processInstanceKey: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of records) {
    if (r.valueType === 'VARIABLE' && r.scopeKey === processInstanceKey && r.variableName !== undefined) {
      out[r.variableName] = r.variableValue;
    }
  }
  return out;
}
