/** The differential conformance suite: every case, in report order. */
import type { ConformanceCase } from '../case.ts';
import { errorCases } from './errors.ts';
import { gatewayCases } from './gateways.ts';
import { incidentCases } from './incidents.ts';
import { jobCases } from './jobs.ts';
import { lifecycleCases } from './lifecycle.ts';
import { messageCases } from './messages.ts';
import { timerCases } from './timers.ts';
import { variableCases } from './variables.ts';

export const allCases: ConformanceCase[] = [
  ...jobCases,
  ...incidentCases,
  ...errorCases,
  ...variableCases,
  ...gatewayCases,
  ...messageCases,
  ...timerCases,
  ...lifecycleCases,
];

const ids = new Set<string>();
for (const c of allCases) {
  if (ids.has(c.id)) throw new Error(`two conformance cases share the id ${c.id}`);
  ids.add(c.id);
}
