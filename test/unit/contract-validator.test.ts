import { describe, expect, it } from 'vitest';
import { contractViolations, operationOf } from '../support/contract-validator.ts';

const id = '5f0c3a52-8a3e-4c8e-9a51-6f8d7a1c2b3d';
const problem = JSON.stringify({
  type: 'https://handoff-broker.example/problems/not-found',
  title: 'No such resource',
  status: 404,
  detail: 'no handoff',
  code: 'not-found',
});

describe('the contract check the integration tests run on every answer', () => {
  it('finds the operation a request matched, a literal path before a template', () => {
    expect(operationOf('POST', `/v1/handoffs/${id}/accept`)?.operationId).toBe('acceptHandoff');
    expect(operationOf('GET', `/v1/handoffs/${id}`)?.operationId).toBe('getHandoff');
    expect(operationOf('POST', '/v1/handoffs/preview')?.operationId).toBe('previewHandoff');
    expect(operationOf('GET', '/nowhere')).toBeUndefined();
  });

  it('refuses a status the operation does not declare, a media type it does not declare, and a body that breaks its schema', () => {
    expect(
      contractViolations({ method: 'POST', path: `/v1/handoffs/${id}/accept`, status: 418, contentType: 'application/problem+json', body: problem }),
    ).toEqual([expect.stringContaining('declares no 418 response')]);
    expect(contractViolations({ method: 'GET', path: `/v1/handoffs/${id}`, status: 200, contentType: 'text/plain', body: 'hello' })).toEqual([
      expect.stringContaining('text/plain where the contract declares application/json'),
    ]);
    expect(
      contractViolations({
        method: 'GET',
        path: `/v1/handoffs/${id}`,
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ id, status: 'nowhere' }),
      }).length,
    ).toBeGreaterThan(0);
    expect(contractViolations({ method: 'GET', path: `/v1/handoffs/${id}`, status: 200, contentType: 'application/json', body: '{not json' })).toEqual([
      expect.stringContaining('not JSON'),
    ]);
  });

  it('refuses a header the broker sets where the contract does not declare it, and a required one missing', () => {
    const answer = { method: 'GET', path: `/v1/handoffs/${id}`, status: 404, contentType: 'application/problem+json', body: problem };
    expect(contractViolations({ ...answer, headers: new Headers({ 'idempotent-replayed': 'true' }) })).toEqual([
      expect.stringContaining('header idempotent-replayed is not declared'),
    ]);
    expect(contractViolations({ ...answer, status: 429, headers: new Headers() })).toEqual([expect.stringContaining('required header retry-after is missing')]);
    expect(contractViolations({ ...answer, status: 429, headers: new Headers({ 'retry-after': 'soon' }) })).toEqual([
      expect.stringContaining('header retry-after'),
    ]);
    expect(contractViolations({ ...answer, status: 429, headers: new Headers({ 'retry-after': '3' }) })).toEqual([]);
  });

  it('accepts an answer that fits', () => {
    const fits = contractViolations({ method: 'GET', path: `/v1/handoffs/${id}`, status: 404, contentType: 'application/problem+json', body: problem });
    expect(fits).toEqual([]);
  });
});
