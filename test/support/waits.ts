// Helpers for specs about waiting elements (message catch events, receive tasks, timers): publishing to a
// subscription that may still be opening, pausing between steps, and event-based gateways Zeebe accepts.
import { catchEvent, end, message, messageDef, path, serviceTask, start, timerDef } from './bpmn.js';
import { nextJob, type Client, type Job } from './probe.js';

/** The message fields a spec sets; the time to live is in milliseconds, as on the wire. */
export interface MessageToPublish {
  name: string;
  correlationKey: string;
  variables?: Record<string, string | number | boolean>;
}

/**
 * Publishes `message` without buffering (timeToLive 0) until a job of `type` shows that a waiting
 * subscription took it. A create call returns before Zeebe has opened the subscription of the element the
 * instance reaches, so a single unbuffered publish could race it; repeating is safe because an
 * intermediate catch event or receive task closes its subscription when the first message correlates.
 */
export async function publishUntilJob(
  zeebe: Client,
  message: MessageToPublish,
  type: string,
  timeoutMs = 10_000,
): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await zeebe.publishMessage({ ...message, variables: message.variables ?? {}, timeToLive: 0 });
    try {
      return await nextJob(zeebe, type, { timeoutMs: 500 });
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

/** Waits `ms`; used only to give a wrongly scheduled event the chance to show up, never to assert timing. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * An event-based gateway that lists its outgoing flows (named as `flow()` and `path()` name them) as
 * <bpmn:outgoing> children: Zeebe counts a gateway's outgoing flows through those children, not sourceRef.
 */
export function eventGatewayTo(id: string, targets: string[]): string {
  const outgoing = targets.map((target) => `<bpmn:outgoing>f_${id}_${target}</bpmn:outgoing>`).join('');
  return `<bpmn:eventBasedGateway id="${id}">${outgoing}</bpmn:eventBasedGateway>`;
}

/**
 * A process that waits at an event-based gateway for a reply message (correlated by `caseId`) or a timer,
 * continuing with a job of type `replied` or `timedOut`: the body and root elements for deploy().
 */
export function replyOrTimeout(options: {
  name: string;
  replied: string;
  timedOut: string;
  timer: string;
}): [string[], string[]] {
  return [
    [
      start(),
      eventGatewayTo('Gateway_Wait', ['Event_Reply', 'Event_Timeout']),
      catchEvent('Event_Reply', messageDef('Message_Reply')),
      catchEvent('Event_Timeout', timerDef('timeDuration', options.timer)),
      serviceTask('Task_Replied', options.replied),
      serviceTask('Task_TimedOut', options.timedOut),
      end('end_replied'),
      end('end_timed_out'),
      path('start', 'Gateway_Wait'),
      path('Gateway_Wait', 'Event_Reply', 'Task_Replied', 'end_replied'),
      path('Gateway_Wait', 'Event_Timeout', 'Task_TimedOut', 'end_timed_out'),
    ],
    [message('Message_Reply', options.name, '=caseId')],
  ];
}
