/**
 * Log messages something outside the code watches for: the CDK stack turns
 * each into a metric (a filter on the function's log group) and an alarm.
 */
export const deadLetteredMessage = 'webhook dead-lettered';
