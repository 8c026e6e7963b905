import { describe, expect, it } from 'vitest';
import { isLanguageTag, isValidNationalId, isValidOrgNumber, primaryLanguage } from '#contracts/identifiers';
import { syntheticDNumber, syntheticNationalId } from '../support/fixtures.ts';

describe('organisation numbers', () => {
  it.each(['889640782', '958935420', '964338531', '942110464', '971032081'])('accepts %s', (value) => {
    expect(isValidOrgNumber(value)).toBe(true);
  });
  it.each(['889640781', '12345678', '8896407820', '88964078a', ''])('refuses %s', (value) => {
    expect(isValidOrgNumber(value)).toBe(false);
  });
});

describe('national identity numbers', () => {
  it('accepts a fødselsnummer and a D-number with valid check digits', () => {
    expect(isValidNationalId(syntheticNationalId)).toBe(true);
    expect(isValidNationalId(syntheticDNumber)).toBe(true);
  });
  it('refuses a wrong first or second check digit, a wrong length and an impossible date', () => {
    expect(isValidNationalId('01019010056')).toBe(false);
    expect(isValidNationalId('01019010047')).toBe(false);
    expect(isValidNationalId('0101901004')).toBe(false);
    // Day 32 of month 13: check digits valid, date impossible.
    expect(isValidNationalId('32139010026')).toBe(false);
  });
});

describe('language tags', () => {
  it.each(['nb', 'nn-NO', 'ro', 'en-GB', 'se'])('accepts %s', (tag) => expect(isLanguageTag(tag)).toBe(true));
  it.each(['', 'english please', 'x', '12'])('refuses %j', (tag) => expect(isLanguageTag(tag)).toBe(false));
  it('compares by primary subtag', () => expect(primaryLanguage('nb-NO')).toBe('nb'));
});
