/**
 * Wraps process elements in a Zeebe BPMN document, so test models stay readable:
 * only the elements and flows, no boilerplate. The same XML deploys on Zeebe.
 */
export function bpmnProcess(id: string, body: string, extraRoot = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="defs_${id}" targetNamespace="http://baton.test">
  ${extraRoot}
  <bpmn:process id="${id}" isExecutable="true">
    ${body}
  </bpmn:process>
</bpmn:definitions>`;
}

export function flow(id: string, from: string, to: string, condition?: string): string {
  if (!condition) return `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
  return `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}">
    <bpmn:conditionExpression>${escapeXml(condition)}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>`;
}

export function serviceTask(id: string, type: string, extra = ''): string {
  return `<bpmn:serviceTask id="${id}">
    <bpmn:extensionElements><zeebe:taskDefinition type="${type}" />${extra}</bpmn:extensionElements>
  </bpmn:serviceTask>`;
}

/** start → the given tasks in sequence → end. */
export function sequence(id: string, taskTypes: string[]): string {
  const tasks = taskTypes.map((t, i) => serviceTask(`task${i + 1}`, t)).join('\n');
  const ids = ['start', ...taskTypes.map((_, i) => `task${i + 1}`), 'end'];
  const flows = ids.slice(1).map((to, i) => flow(`f${i + 1}`, ids[i]!, to)).join('\n');
  return bpmnProcess(id, `<bpmn:startEvent id="start" />${tasks}<bpmn:endEvent id="end" />${flows}`);
}

export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
