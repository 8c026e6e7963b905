import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Validation against the package's copy of the published contract (JSON
 * Schema 2020-12, the document's dialect): the runner checks what the bot
 * sends by it, and checks its own deliveries by it before sending them, so it
 * plays the broker exactly as the contract describes it.
 */
const documentId = 'https://handoff-broker.contract/openapi.json';
const document = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')) as { components: Record<string, unknown> };

const ajv = new Ajv2020({ strict: false, allErrors: true });
// ajv-formats' CommonJS default export, typed for the draft-07 Ajv class.
(addFormats as unknown as (instance: Ajv2020) => void)(ajv);
ajv.addSchema({ $id: documentId, components: document.components });

const validators = new Map<string, ReturnType<typeof ajv.compile>>();

/** The errors of `value` against the named component schema, empty when it fits. */
export function contractErrors(schemaName: string, value: unknown): string[] {
  let validate = validators.get(schemaName);
  if (!validate) {
    validate = ajv.compile({ $ref: `${documentId}#/components/schemas/${schemaName}` });
    validators.set(schemaName, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '(body)'} ${error.message ?? 'is invalid'}`);
}
