export type WaitEstimate = { seconds: number; basis: 'recent_accepts' | 'handling_time' };

const lookbackMs = 3 * 3600 * 1000;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * How long the conversation at `position` (1 is next) will wait. From the
 * queue's recent pace when there is one (the median gap between its last
 * accepts in the past three hours: one conversation taken per gap), otherwise
 * from the configured handling time shared by the advisers on duty.
 */
export function estimateWait(input: { position: number; recentAccepts: string[]; now: Date; handlingMinutes: number; advisersOnDuty: number }): WaitEstimate {
  const recent = input.recentAccepts
    .map((at) => Date.parse(at))
    .filter((at) => input.now.getTime() - at <= lookbackMs && at <= input.now.getTime())
    .sort((a, b) => a - b);
  const gaps = recent.slice(1).map((at, index) => at - recent[index]!);
  if (gaps.length >= 2) {
    return { seconds: Math.round((input.position * median(gaps)) / 1000), basis: 'recent_accepts' };
  }
  const perConversation = (input.handlingMinutes * 60) / Math.max(1, input.advisersOnDuty);
  return { seconds: Math.round(input.position * perConversation), basis: 'handling_time' };
}
