import { Duration, Stack } from 'aws-cdk-lib';
import { EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { EventBus as EventBusTarget, LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { busSource } from '#contracts/events';
import { functions, type FunctionId } from '#platform/functions';
import { type AgencyBusRoute, rules } from '#platform/rules';
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

  /**
   * One rule per bot or queue that names its agency's own bus: it matches that
   * recipient's delivery events only and puts them on that bus, through a role
   * that EventBridge alone may assume, from this account, and that may put
   * events on that one bus and nothing else. The receiving agency allows this
   * account in its bus's resource policy (see the README).
   */
  deliverToAgencyBuses(routes: AgencyBusRoute[], alarms: BrokerAlarms): void {
    if (!routes.length) return;
    const undelivered = alarms.deadLetterQueue('AgencyBusDlq', 'events an agency’s own bus did not take');
    for (const route of routes) {
      const id = constructIdOf(route.id);
      const role = new Role(this, `${id}Role`, {
        description: `Puts ${route.recipient.orgNumber}'s delivery events on its own bus`,
        assumedBy: new ServicePrincipal('events.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      });
      const { source, 'detail-type': detailType, detail } = route.pattern;
      new Rule(this, id, {
        eventBus: this.bus,
        description: route.description,
        eventPattern: { source, detailType, ...(detail ? { detail } : {}) },
        // The target grants the role events:PutEvents on this bus's ARN, and only that.
        targets: [new EventBusTarget(EventBus.fromEventBusArn(this, `${id}Target`, route.busArn), { role, deadLetterQueue: undelivered })],
      });
    }
  }
}
