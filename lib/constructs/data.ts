import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { handoffTable } from '#platform/tables';

/** What the broker keeps: the table (with its stream, the outbox), the key that encrypts it all, the webhook secrets and the pseudonym key. */
export class BrokerData extends Construct {
  readonly key: Key;
  readonly table: Table;
  readonly webhookSecrets: Secret;
  readonly pseudonymKey: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'DataKey', {
      description: 'Handoff broker: session state, webhook secrets and alarm notifications',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch alarms publish to the encrypted alarm topic.
    this.key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey');

    // Session state: the table exactly as platform/tables.ts declares it.
    this.table = new Table(this, handoffTable.id, {
      partitionKey: { name: handoffTable.partitionKey.name, type: AttributeType.STRING },
      sortKey: { name: handoffTable.sortKey.name, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: handoffTable.timeToLiveAttribute,
      stream: StreamViewType[handoffTable.stream],
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of Object.values(handoffTable.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey.name, type: AttributeType.STRING },
        sortKey: { name: index.sortKey.name, type: AttributeType.STRING },
        projectionType: ProjectionType[handoffTable.indexProjection],
      });
    }

    this.webhookSecrets = new Secret(this, 'WebhookSecrets', {
      description: 'Standard Webhooks signing secrets: {"<orgnr>/<botId>": "whsec_..."}, one per bot with a webhook',
      encryptionKey: this.key,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ _readme: 'add "<orgnr>/<botId>": "whsec_<base64>" per bot' }),
        generateStringKey: '_unused',
      },
    });
    Validations.of(this.webhookSecrets).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Webhook signing secrets are shared with partner bots; they are rotated per bot through partner onboarding (README: Operate), not by a rotation Lambda the partners could not follow.',
    });

    this.pseudonymKey = new Secret(this, 'PseudonymKey', {
      description: 'Key of the audit pseudonyms of citizens (HMAC); whoever holds it can match a national identity number to its pseudonym',
      encryptionKey: this.key,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(this.pseudonymKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the pseudonym key would break the link between a citizen and their audit records across the retention period; it is rotated only by a deliberate re-keying.',
    });
  }
}
