import { handoffStatuses } from '#contracts/handoff';
import { isTerminal, lifecycle } from './handoff-lifecycle.ts';

/**
 * The state machine as a Mermaid diagram, drawn from the lifecycle table: the
 * one in docs/architecture.md is this text, and a test keeps it so.
 */
export function lifecycleDiagram(): string {
  const lines = ['stateDiagram-v2', '  [*] --> requested'];
  for (const from of handoffStatuses) {
    for (const [to, roles] of Object.entries(lifecycle[from])) lines.push(`  ${from} --> ${to}: ${roles!.join(' or ')}`);
  }
  for (const status of handoffStatuses) if (isTerminal(status)) lines.push(`  ${status} --> [*]`);
  return lines.join('\n');
}
