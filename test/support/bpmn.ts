// Small builders for fixture BPMN, so each spec shows its whole model in a few readable lines.
import { randomBytes } from 'node:crypto';

/** A unique id for processes, job types, messages and correlation keys, so specs never see each other's data. */
export function uid(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** Extension elements around `inner`, or nothing when it is empty. */
export const ext = (inner: string) => (inner ? `<bpmn:extensionElements>${inner}</bpmn:extensionElements>` : '');
/** A value escaped for an XML attribute. */
export const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** zeebe:ioMapping from `{ target: '=source' }` objects. */
export function io(inputs: Record<string, string> = {}, outputs: Record<string, string> = {}): string {
  const ins = Object.entries(inputs).map(([t, s]) => `<zeebe:input source="${attr(s)}" target="${t}"/>`);
  const outs = Object.entries(outputs).map(([t, s]) => `<zeebe:output source="${attr(s)}" target="${t}"/>`);
  return `<zeebe:ioMapping>${ins.join('')}${outs.join('')}</zeebe:ioMapping>`;
}

export function headers(values: Record<string, string>): string {
  return `<zeebe:taskHeaders>${Object.entries(values)
    .map(([k, v]) => `<zeebe:header key="${attr(k)}" value="${attr(v)}"/>`)
    .join('')}</zeebe:taskHeaders>`;
}

export const start = (id = 'start', definition = '', extensions = '') =>
  `<bpmn:startEvent id="${id}">${ext(extensions)}${definition}</bpmn:startEvent>`;
export const end = (id = 'end', definition = '') => `<bpmn:endEvent id="${id}">${definition}</bpmn:endEvent>`;
export const serviceTask = (id: string, type: string, extensions = '') =>
  `<bpmn:serviceTask id="${id}">${ext(`<zeebe:taskDefinition type="${attr(type)}"/>${extensions}`)}</bpmn:serviceTask>`;
export const sendTask = (id: string, type: string) =>
  `<bpmn:sendTask id="${id}">${ext(`<zeebe:taskDefinition type="${attr(type)}"/>`)}</bpmn:sendTask>`;
export const userTask = (id: string, extensions = '') => `<bpmn:userTask id="${id}">${ext(extensions)}</bpmn:userTask>`;
export const scriptTask = (id: string, expression: string, resultVariable: string) =>
  `<bpmn:scriptTask id="${id}">${ext(`<zeebe:script expression="${attr(expression)}" resultVariable="${resultVariable}"/>`)}</bpmn:scriptTask>`;
export const receiveTask = (id: string, messageRef: string) =>
  `<bpmn:receiveTask id="${id}" messageRef="${messageRef}"/>`;
export const manualTask = (id: string) => `<bpmn:manualTask id="${id}"/>`;
export const task = (id: string, extensions = '') => `<bpmn:task id="${id}">${ext(extensions)}</bpmn:task>`;
export const exclusive = (id: string, defaultFlow?: string) =>
  `<bpmn:exclusiveGateway id="${id}"${defaultFlow ? ` default="${defaultFlow}"` : ''}/>`;
export const parallel = (id: string) => `<bpmn:parallelGateway id="${id}"/>`;
export const eventGateway = (id: string) => `<bpmn:eventBasedGateway id="${id}"/>`;
export const catchEvent = (id: string, definition: string, extensions = '') =>
  `<bpmn:intermediateCatchEvent id="${id}">${ext(extensions)}${definition}</bpmn:intermediateCatchEvent>`;
export const boundary = (id: string, attachedTo: string, definition: string, interrupting = true, extensions = '') =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}" cancelActivity="${interrupting}">${ext(extensions)}${definition}</bpmn:boundaryEvent>`;

/** An embedded subprocess: its own start event, elements and sequence flows in `body`. */
export const subProcess = (id: string, body: string[], extensions = '') =>
  `<bpmn:subProcess id="${id}">${ext(extensions)}${body.join('')}</bpmn:subProcess>`;
/** An event subprocess (triggeredByEvent): `body` holds one eventStart() and what follows it. */
export const eventSubProcess = (id: string, body: string[]) =>
  `<bpmn:subProcess id="${id}" triggeredByEvent="true">${body.join('')}</bpmn:subProcess>`;
/** The start event of an event subprocess: a message, timer or error definition, interrupting or not. */
export const eventStart = (id: string, definition: string, interrupting = true, extensions = '') =>
  `<bpmn:startEvent id="${id}" isInterrupting="${interrupting}">${ext(extensions)}${definition}</bpmn:startEvent>`;

export const messageDef = (messageId: string) => `<bpmn:messageEventDefinition messageRef="${messageId}"/>`;
export const errorDef = (errorId?: string) => `<bpmn:errorEventDefinition${errorId ? ` errorRef="${errorId}"` : ''}/>`;
export const terminateDef = () => '<bpmn:terminateEventDefinition/>';
export const timerDef = (kind: 'timeDuration' | 'timeDate' | 'timeCycle', value: string) =>
  `<bpmn:timerEventDefinition><bpmn:${kind} xsi:type="bpmn:tFormalExpression">${attr(value)}</bpmn:${kind}></bpmn:timerEventDefinition>`;

/** A message declared at definitions level (correlation key optional, as for message start events). */
export const message = (id: string, name: string, correlationKey?: string) =>
  `<bpmn:message id="${id}" name="${attr(name)}">${correlationKey ? ext(`<zeebe:subscription correlationKey="${attr(correlationKey)}"/>`) : ''}</bpmn:message>`;
export const error = (id: string, code: string) => `<bpmn:error id="${id}" errorCode="${attr(code)}"/>`;

/** One sequence flow, optionally conditional. */
export const flow = (from: string, to: string, condition?: string, id = `f_${from}_${to}`) =>
  `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}">${
    condition
      ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${attr(condition)}</bpmn:conditionExpression>`
      : ''
  }</bpmn:sequenceFlow>`;

/** Sequence flows through the given ids in order. */
export const path = (...ids: string[]) =>
  ids
    .slice(1)
    .map((id, i) => flow(ids[i] as string, id))
    .join('');

/**
 * Zeebe checks a boundary event's outgoing flows through its <bpmn:outgoing> children (which Camunda
 * Modeler always writes), not through sourceRef; this adds them so fixtures stay short.
 */
function withBoundaryOutgoing(xml: string): string {
  const outgoing = new Map<string, string[]>();
  for (const [, flowId, source] of xml.matchAll(/<bpmn:sequenceFlow id="([^"]+)" sourceRef="([^"]+)"/g)) {
    outgoing.set(source as string, [...(outgoing.get(source as string) ?? []), flowId as string]);
  }
  // BPMN's schema order: extension elements first, then incoming/outgoing, then event definitions
  return xml.replace(
    /(<bpmn:boundaryEvent id="([^"]+)"[^>]*>)((?:<bpmn:extensionElements>.*?<\/bpmn:extensionElements>)?)/g,
    (_match: string, open: string, id: string, extensions: string) =>
      open + extensions + (outgoing.get(id) ?? []).map((f) => `<bpmn:outgoing>${f}</bpmn:outgoing>`).join(''),
  );
}

/** A whole BPMN document with one executable process. `root` holds messages and errors. */
export function processXml(id: string, body: string[], root: string[] = []): string {
  return withBoundaryOutgoing(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs_${id}" targetNamespace="http://example.com/spec">
  ${root.join('\n  ')}
  <bpmn:process id="${id}" isExecutable="true">
    ${body.join('\n    ')}
  </bpmn:process>
</bpmn:definitions>`);
}
