import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Where the broker says something is wrong: one encrypted topic, an alarm per signal, and the dead-letter queues it watches. */
export class BrokerAlarms extends Construct {
  readonly topic: Topic;
  readonly deadLetterQueues: Queue[] = [];

  constructor(scope: Construct, id: string, props: { environmentName: string; key: IKey; alarmEmail?: string | undefined }) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', { displayName: `Handoff broker ${props.environmentName} alarms`, masterKey: props.key, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
  }

  /** An alarm that fires on the first occurrence of what `metric` counts. */
  alarm(alarmId: string, metric: IMetric, description: string): void {
    new Alarm(this, alarmId, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    }).addAlarmAction(new SnsAction(this.topic));
  }

  /** A dead-letter queue, with an alarm as soon as anything lands in it. */
  deadLetterQueue(queueId: string, purpose: string): Queue {
    const queue = new Queue(this, queueId, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself a dead-letter queue (of a Lambda or EventBridge target); it needs none of its own.',
    });
    this.alarm(
      `${queueId}Depth`,
      queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      `Messages in ${purpose}: inspect and redrive`,
    );
    this.deadLetterQueues.push(queue);
    return queue;
  }
}
