import type { HandoffStatus, PlatformStates } from '#contracts/handoff';
import { platformStatesTable } from '#contracts/platform-states';
import type { AssigneeRef } from './handoff.ts';

/** The handoff's state in the words of the chat platforms partners already use, by the contract's table. */
export const platformStatesOf = (handoffStatus: HandoffStatus, assignee: AssigneeRef | null): PlatformStates =>
  platformStatesTable[assignee?.kind ?? 'none'][handoffStatus];
