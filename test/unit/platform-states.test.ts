import { describe, expect, it } from 'vitest';
import { handoffStatuses } from '#contracts/handoff';
import { platformStatesTable } from '#contracts/platform-states';
import { queueRef } from '#domain/handoff';
import { platformStatesOf } from '#domain/platform-states';
import { platformStatesTable as packagedTable } from '../../packages/client/src/generated/platform-states.ts';

/** The documented mapping from our states to the chat-platform states and Bot Framework's handoff activities. */
describe('platform states', () => {
  it('speaks Bot Framework: handoff.initiate while on its way, then handoff.status accepted, completed or failed', () => {
    const expected = {
      requested: null,
      routed: null,
      offered: null,
      declined: null,
      expired: null,
      queued: null,
      callback_scheduled: null,
      accepted: 'accepted',
      completed: 'completed',
      returned: 'completed',
      cancelled: 'failed',
      fallback: 'failed',
    } as const;
    for (const status of handoffStatuses) {
      const { botFramework } = platformStatesOf(status, null);
      expect(botFramework, status).toEqual({ activity: expected[status] ? 'handoff.status' : 'handoff.initiate', state: expected[status] });
    }
  });

  it('puts a conversation with a person only once an adviser has taken it, and in the chat queue while it waits for one', () => {
    const queue = queueRef('889640782', 'work', 'nav-ada');
    const bot = { kind: 'bot', orgNumber: '889640782', botId: 'frida' } as const;
    expect(platformStatesOf('queued', queue).chatPlatform).toBe('in_human_chat_queue');
    expect(platformStatesOf('offered', queue).chatPlatform).toBe('in_human_chat_queue');
    expect(platformStatesOf('accepted', queue).chatPlatform).toBe('assigned_to_human');
    expect(platformStatesOf('callback_scheduled', queue).chatPlatform).toBe('virtual_agent');
    expect(platformStatesOf('completed', queue).chatPlatform).toBe('virtual_agent');
    expect(platformStatesOf('accepted', bot).chatPlatform).toBe('virtual_agent');
    expect(platformStatesOf('offered', bot).chatPlatform).toBe('virtual_agent');
    expect(platformStatesOf('requested', null).chatPlatform).toBe('virtual_agent');
  });

  it('is one table, which the client package carries unchanged', () => {
    expect(packagedTable).toEqual(platformStatesTable);
  });
});
