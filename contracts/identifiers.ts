/**
 * Check-digit rules for Norwegian identifiers. Pure functions, shared by the
 * contract schemas and the domain so a partner's client validates exactly as
 * the broker does.
 */

const digitsOf = (value: string): number[] => [...value].map(Number);

const weightedSum = (digits: number[], weights: number[]): number =>
  weights.reduce((sum, weight, index) => sum + weight * (digits[index] ?? 0), 0);

/** Mod-11 check digit; `undefined` when the rule yields 10 (no valid number). */
const mod11CheckDigit = (digits: number[], weights: number[]): number | undefined => {
  const remainder = weightedSum(digits, weights) % 11;
  const check = remainder === 0 ? 0 : 11 - remainder;
  return check === 10 ? undefined : check;
};

/** Organisation number from Brønnøysundregistrene: 9 digits, the last a mod-11 check digit. */
export function isValidOrgNumber(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const digits = digitsOf(value);
  return mod11CheckDigit(digits, [3, 2, 7, 6, 5, 4, 3, 2]) === digits[8];
}

/**
 * Fødselsnummer or D-number: 11 digits, a plausible birth date (D-numbers add 4
 * to the first digit; synthetic test identities add 40 or 80 to the month) and
 * two mod-11 check digits.
 */
export function isValidNationalId(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false;
  const digits = digitsOf(value);
  const k1 = mod11CheckDigit(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
  const k2 = mod11CheckDigit(digits, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
  if (k1 === undefined || k2 === undefined || k1 !== digits[9] || k2 !== digits[10]) return false;
  const rawDay = Number(value.slice(0, 2));
  const day = rawDay > 40 ? rawDay - 40 : rawDay;
  const rawMonth = Number(value.slice(2, 4));
  const month = rawMonth > 80 ? rawMonth - 80 : rawMonth > 40 ? rawMonth - 40 : rawMonth;
  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

/** A BCP 47 language tag as understood by the platform's Intl implementation. */
export function isLanguageTag(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/** The primary language subtag: `nb` for `nb-NO`, `ro` for `ro`. */
export const primaryLanguage = (tag: string): string => tag.split('-')[0]!.toLowerCase();

/**
 * National identity numbers written inside free text (11 digits, or 6 + 5 with
 * a space, hyphen or dot between), found by their check digits: the broker refuses to carry them
 * where the citizen has not agreed, or where they would reach an audit record.
 */
export function findNationalIds(text: string): string[] {
  return [...text.matchAll(/(?<!\d)(\d{6})[ .-]?(\d{5})(?!\d)/g)].map((match) => `${match[1]}${match[2]}`).filter(isValidNationalId);
}
