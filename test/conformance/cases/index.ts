/** The differential conformance suite: every case, in report order. */
import type { ConformanceCase } from '../case.ts';
import { decisionCases } from './decisions.ts';
import { errorCases } from './errors.ts';
import { gatewayCases } from './gateways.ts';
import { incidentCases } from './incidents.ts';
import { jobCases } from './jobs.ts';
import { lifecycleCases } from './lifecycle.ts';
import { messageCases } from './messages.ts';
import { callActivityCases } from './part2-call-activities.ts';
import { compensationCases } from './part2-compensation.ts';
import { escalationCases } from './part2-escalations.ts';
import { part2GatewayCases } from './part2-gateways.ts';
import { part2MessageCases } from './part2-messages.ts';
import { multiInstanceCases } from './part2-multi-instance.ts';
import { operationCases } from './part2-operations.ts';
import { signalCases } from './part2-signals.ts';
import { subProcessCases } from './part2-subprocesses.ts';
import { part2TaskCases } from './part2-tasks.ts';
import { part2TimerCases } from './part2-timers.ts';
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
  ...subProcessCases,
  ...callActivityCases,
  ...multiInstanceCases,
  ...part2GatewayCases,
  ...part2MessageCases,
  ...part2TimerCases,
  ...signalCases,
  ...escalationCases,
  ...compensationCases,
  ...part2TaskCases,
  ...decisionCases,
  ...operationCases,
];

const ids = new Set<string>();
for (const c of allCases) {
  if (ids.has(c.id)) throw new Error(`two conformance cases share the id ${c.id}`);
  ids.add(c.id);
}
