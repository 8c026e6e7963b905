import type { ChainVerification, TransferTimeline } from '#contracts/audit';
import { verifyChain } from '../audit-chain.ts';
import type { Caller, Handoff, TransitionRecord } from '../handoff.ts';
import { transferSummaries } from '../transfer-summary.ts';
import type { AuditDeps } from './audit-period.ts';
import { visibleHandoff } from './read-handoff.ts';

/** Operations staff see the transfers their agency took part in, and no others (the same rule as every read). */
async function auditedHandoff(deps: AuditDeps, caller: Caller, id: string): Promise<{ handoff: Handoff; timeline: TransitionRecord[] }> {
  const handoff = await visibleHandoff(deps, caller, id);
  return { handoff, timeline: await deps.store.timeline(id) };
}

export const verification = (handoff: Handoff, timeline: TransitionRecord[], now: Date): ChainVerification => ({
  ...verifyChain(timeline, handoff.auditHead),
  head: handoff.auditHead,
  checkedAt: now.toISOString(),
});

/** One transfer's full audit timeline, checked entry by entry. */
export async function transferTimeline(deps: AuditDeps, caller: Caller, id: string): Promise<TransferTimeline> {
  const { handoff, timeline } = await auditedHandoff(deps, caller, id);
  const summary = transferSummaries(handoff, timeline, deps.directory).find((candidate) => candidate.orgNumber === caller.orgNumber)!.summary;
  return { transfer: summary, entries: timeline, verification: verification(handoff, timeline, deps.clock.now()) };
}

export async function verifyTransfer(deps: AuditDeps, caller: Caller, id: string): Promise<ChainVerification> {
  const { handoff, timeline } = await auditedHandoff(deps, caller, id);
  return verification(handoff, timeline, deps.clock.now());
}
