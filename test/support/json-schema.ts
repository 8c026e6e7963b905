import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** Ajv for the contract's dialect (JSON Schema 2020-12, formats checked), as a partner's tooling would read it. */
export function contractAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // ajv-formats' CommonJS default export, typed for the draft-07 Ajv class.
  (addFormats as unknown as (instance: Ajv2020) => void)(ajv);
  return ajv;
}
