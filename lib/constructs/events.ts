import { Duration } from 'aws-cdk-lib';
import { EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { busSource } from '#contracts/events';
import { functions, type FunctionId } from '#platform/functions';
import { rules } from '#platform/rules';
import { type BrokerFunction, constructIdOf } from '../broker-function.ts';
import type { BrokerAlarms } from './alarms.ts';

/** The bus, its archive, and what wakes which function: one rule per declared rule, one schedule per scheduled function. */
export class BrokerEvents extends Construct {
  readonly bus: EventBus;

  constructor(scope: Construct, id: string, props: { environmentName: string }) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { eventBusName: `handoff-broker-${props.environmentName}` });
    this.bus.archive('Archive', {
      archiveName: `handoff-broker-${props.environmentName}`,
      description: 'Every broker event, for replay',
      eventPattern: { source: [busSource] },
      retention: Duration.days(365),
    });
  }

  /** Points the declared rules and schedules at their functions, each target with retries and a dead-letter queue. */
  wake(made: Record<FunctionId, BrokerFunction>, alarms: BrokerAlarms): void {
    // Bus and schedule targets: a retry policy and a dead-letter queue on every one, for delivery and for function errors.
    const targetQueues = new Map<FunctionId, Queue>();
    const queueFor = (functionId: FunctionId) => {
      let queue = targetQueues.get(functionId);
      if (!queue) {
        queue = alarms.deadLetterQueue(`${constructIdOf(functionId)}Dlq`, `events ${functionId} could not handle`);
        made[functionId].configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(1), onFailure: new SqsDestination(queue) });
        targetQueues.set(functionId, queue);
      }
      return queue;
    };
    const targetOf = (functionId: FunctionId) =>
      new LambdaFunction(made[functionId], { deadLetterQueue: queueFor(functionId), retryAttempts: 8, maxEventAge: Duration.hours(1) });

    for (const [ruleId, rule] of Object.entries(rules)) {
      const { source, 'detail-type': detailType, detail } = rule.pattern;
      new Rule(this, constructIdOf(ruleId), {
        eventBus: this.bus,
        description: rule.description,
        eventPattern: { source, detailType, ...(detail ? { detail } : {}) },
        targets: [targetOf(rule.target)],
      });
    }
    for (const [functionId, declaration] of Object.entries(functions) as [FunctionId, (typeof functions)[FunctionId]][]) {
      if (declaration.trigger.kind !== 'schedule') continue;
      new Rule(this, `${constructIdOf(functionId)}Schedule`, {
        description: `Runs ${functionId} every ${declaration.trigger.everySeconds} s`,
        schedule: Schedule.rate(Duration.seconds(declaration.trigger.everySeconds)),
        targets: [targetOf(functionId)],
      });
    }
  }
}
