import { BusinessError, runJob, type Variables } from './lib/run-job.ts';
import type { WorkerModule } from './worker-module.ts';

/** A business request as it arrives: from a form, an API call or an alert, so loosely typed. */
interface RawRequest {
  title?: unknown;
  requestType?: unknown;
  type?: unknown;
  description?: unknown;
  amount?: unknown;
  requester?: unknown;
  initiator?: unknown;
  source?: unknown;
  urgency?: unknown;
  tags?: unknown;
  customerTier?: unknown;
  businessKey?: unknown;
}

export type Urgency = 'critical' | 'high' | 'normal' | 'low';

const URGENCY_WORDS: Record<string, Urgency> = {
  critical: 'critical', p1: 'critical', blocker: 'critical', emergency: 'critical',
  high: 'high', urgent: 'high', p2: 'high',
  normal: 'normal', medium: 'normal', p3: 'normal',
  low: 'low', p4: 'low', whenever: 'low',
};

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** "12,500.50" and 12500.5 are the same amount; anything else is not an amount. */
function amountOf(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.replace(/[,\s_]/g, '')) : Number.NaN;
  if (!Number.isFinite(n) || n < 0) throw new BusinessError('INVALID_REQUEST', `the amount '${String(v)}' is not a non-negative number`, { rejectionReason: 'invalid amount' });
  return Math.round(n * 100) / 100;
}

/**
 * Intake agent (`intake.normalise`): gives a request its id and business key and puts its fields
 * into the shape the classifier's rules expect (lower-case types and tags, a known urgency,
 * a number for the amount). A request without a title or a requester, or with a nonsense
 * amount, is refused (INVALID_REQUEST) with the reason.
 */
export function normalise(raw: RawRequest, processInstanceKey: string): Variables {
  const title = text(raw.title);
  if (!title) throw new BusinessError('INVALID_REQUEST', 'a request needs a title', { rejectionReason: 'missing title' });
  const requester = text(raw.requester) ?? text(raw.initiator);
  if (!requester) throw new BusinessError('INVALID_REQUEST', 'a request needs a requester (requester or initiator)', { rejectionReason: 'missing requester' });
  const amount = amountOf(raw.amount);
  const urgency = URGENCY_WORDS[text(raw.urgency)?.toLowerCase() ?? 'normal'] ?? 'normal';
  const tags = Array.isArray(raw.tags) ? [...new Set(raw.tags.filter((t): t is string => typeof t === 'string').map((t) => t.trim().toLowerCase()).filter(Boolean))] : [];
  const requestId = `REQ-${processInstanceKey}`;
  const requestType = text(raw.requestType) ?? text(raw.type);
  const description = text(raw.description);
  const customerTier = text(raw.customerTier);
  return {
    requestId,
    businessKey: text(raw.businessKey) ?? requestId,
    title,
    requester,
    source: text(raw.source)?.toLowerCase() ?? 'api',
    urgency,
    // The intake's own estimate; the classifier's rules decide the final priority.
    priority: urgency,
    tags,
    ...(requestType ? { requestType: requestType.toLowerCase() } : {}),
    ...(description ? { description } : {}),
    ...(amount !== undefined ? { amount } : {}),
    ...(customerTier ? { customerTier: customerTier.toLowerCase() } : {}),
  };
}

const intake: WorkerModule = {
  taskType: 'intake.normalise',
  taskHandler: (job) => runJob(job, () => normalise(job.variables as RawRequest, job.processInstanceKey)),
};

export default intake;
