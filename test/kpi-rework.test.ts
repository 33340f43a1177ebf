import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualClock } from '../engine/clock/clock.ts';
import { KpiRefresher } from '../server/kpi/index.ts';
import { processKpis } from '../server/kpi/read.ts';
import { bpmnProcess, flow } from './support/bpmn.ts';
import { startHarness, type Harness } from './support/engine-harness.ts';

const script = (id: string, expression: string, result: string, extra = '') =>
  `<bpmn:scriptTask id="${id}"><bpmn:extensionElements><zeebe:script expression="${expression}" resultVariable="${result}" /></bpmn:extensionElements>${extra}</bpmn:scriptTask>`;
const each = `<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[1, 2, 3]" inputElement="item" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>`;

const MODELS = {
  // An activity run again in the same scope: rework.
  loop: bpmnProcess('loop', `<bpmn:startEvent id="start" />${script('work', '=if runs = null then 1 else runs + 1', 'runs')}
    <bpmn:exclusiveGateway id="gw" default="done" /><bpmn:endEvent id="end" />
    ${flow('f1', 'start', 'work')}${flow('f2', 'work', 'gw')}${flow('again', 'gw', 'work', '=runs < 2')}${flow('done', 'gw', 'end')}`),
  // Three runs of one activity inside a multi-instance body: not rework.
  mi: bpmnProcess('mi', `<bpmn:startEvent id="start" />${script('each', '=item', 'r', each)}<bpmn:endEvent id="end" />
    ${flow('f1', 'start', 'each')}${flow('f2', 'each', 'end')}`),
  // The same task inside each instance of a multi-instance sub-process: each runs in its own scope.
  subMi: bpmnProcess('subMi', `<bpmn:startEvent id="start" />
    <bpmn:subProcess id="sub">${each}<bpmn:startEvent id="s" />${script('inner', '=item', 'r')}<bpmn:endEvent id="e" />
      ${flow('g1', 's', 'inner')}${flow('g2', 'inner', 'e')}</bpmn:subProcess>
    <bpmn:endEvent id="end" />${flow('f1', 'start', 'sub')}${flow('f2', 'sub', 'end')}`),
  // A reminder timer firing twice on a waiting task: events, not rework.
  reminder: bpmnProcess('reminder', `<bpmn:startEvent id="start" />
    <bpmn:userTask id="wait"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:boundaryEvent id="remind" attachedToRef="wait" cancelActivity="false"><bpmn:outgoing>f3</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT1M</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
    <bpmn:endEvent id="reminded" /><bpmn:endEvent id="end" />
    ${flow('f1', 'start', 'wait')}${flow('f2', 'wait', 'end')}${flow('f3', 'remind', 'reminded')}`),
};

/** Rework counts activities executed again in the same scope, and nothing else that repeats. */
describe('KPIs: what counts as rework', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    for (const [name, xml] of Object.entries(MODELS)) await h.engine.deployResources([{ name: `${name}.bpmn`, content: xml }]);
    for (const id of Object.keys(MODELS)) await h.engine.createProcessInstance({ bpmnProcessId: id });
    await h.engine.whenIdle();
    (h.clock as VirtualClock).advance(60_000);
    await h.engine.whenIdle();
    (h.clock as VirtualClock).advance(60_000);
    await h.engine.whenIdle();
    const task = [...h.engine.view.userTasks.values()][0]!;
    await h.engine.completeUserTask({ userTaskKey: task.key });
    await h.engine.whenIdle();
    await new KpiRefresher(h.db.knex).refreshNow();
  });
  afterAll(async () => h?.stop());

  it('flags only the loop', async () => {
    const kpis = await processKpis(h.db.knex);
    expect(Object.fromEntries(kpis.map((k) => [k.bpmnProcessId, [k.instances.completed, k.rework.instances]]))).toEqual({
      loop: [1, 1],
      mi: [1, 0],
      subMi: [1, 0],
      reminder: [1, 0],
    });
    const reminded = await h.db.knex('records').where({ element_id: 'remind', intent: 'ELEMENT_ACTIVATED' }).count({ n: '*' });
    expect(reminded).toEqual([{ n: '2' }]);
  });
});
