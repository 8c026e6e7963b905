/**
 * Check-digit rules for Norwegian identifiers. Pure functions, shared by the
 * contract schemas and the domain so a partner's client validates exactly as
 * the broker does.
 */

const digitsOf = (value: string): number[] => [...value].map(Number);

const weightedSum = (digits: number[], weights: number[]): number => weights.reduce((sum, weight, index) => sum + weight * (digits[index] ?? 0), 0);

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

/** A national identity number found in free text: its 11 digits and where it was written (UTF-16 offsets). */
export type FoundNationalId = { value: string; start: number; end: number };

/**
 * The value of a decimal digit in any script or width: NFKC folds full-width,
 * circled, super- and subscript and mathematical digits to ASCII; other
 * decimal digits (Arabic-Indic, Devanagari, ...) sit in runs of ten from zero.
 */
function digitValue(char: string): number | undefined {
  const folded = char.normalize('NFKC');
  if (/^[0-9]$/.test(folded)) return Number(folded);
  if (!/^\p{Nd}$/u.test(char)) return undefined;
  let zero = char.codePointAt(0)!;
  while (/^\p{Nd}$/u.test(String.fromCodePoint(zero - 1))) zero -= 1;
  return (char.codePointAt(0)! - zero) % 10;
}

/** What a person may write between the digits of one number: any space or separator, a dash, a dot, a slash, a comma, a quote. */
const visibleJoiner = /^[\p{Z}\s\p{Pd}.,/\\_'’·:|]$/u;
/** Invisible characters (zero-width spaces, joiners, soft hyphens, direction marks) join digits without counting as a gap. */
const invisible = /^[\p{Cf}\p{Mn}]$/u;
/** A longer gap than this starts another number. */
const maxGap = 3;

type DigitGroup = { digits: string; start: number; end: number };

/** Runs of digit groups that could be one number written with separators between its groups. */
function digitRuns(text: string): DigitGroup[][] {
  const runs: DigitGroup[][] = [];
  let run: DigitGroup[] = [];
  let group: DigitGroup | null = null;
  let gap = 0;
  let index = 0;
  for (const char of text) {
    const value = digitValue(char);
    if (value !== undefined) {
      if (!group) {
        group = { digits: '', start: index, end: index };
        run.push(group);
      }
      group.digits += String(value);
      group.end = index + char.length;
      gap = 0;
    } else if (invisible.test(char)) {
      // Inside a group, an invisible character neither ends it nor counts as a gap.
    } else if (visibleJoiner.test(char) && run.length && gap < maxGap) {
      group = null;
      gap += 1;
    } else {
      if (run.length) runs.push(run);
      run = [];
      group = null;
      gap = 0;
    }
    index += char.length;
  }
  if (run.length) runs.push(run);
  return runs;
}

/**
 * National identity numbers written anywhere in free text, in any spelling a
 * person or a keyboard produces: plain, in groups (`010190 000 83`), with
 * spaces of any kind, dashes, dots or slashes between, in full-width or other
 * scripts' digits, with invisible characters inside. Found by their check
 * digits, so a phone or order number is left alone. Normalising first is the
 * point: a list of spellings to refuse would always miss one.
 */
export function locateNationalIds(text: string): FoundNationalId[] {
  const found: FoundNationalId[] = [];
  for (const run of digitRuns(text)) {
    for (let first = 0; first < run.length; first += 1) {
      let digits = '';
      for (let last = first; last < run.length && digits.length < 11; last += 1) {
        digits += run[last]!.digits;
        if (digits.length === 11 && isValidNationalId(digits)) {
          found.push({ value: digits, start: run[first]!.start, end: run[last]!.end });
        }
      }
    }
  }
  return found;
}

/** The identity numbers in a text, as 11 plain digits. */
export const findNationalIds = (text: string): string[] => locateNationalIds(text).map((found) => found.value);

/**
 * What stands where an identity number was taken out of a text: shorter than
 * the 11 digits it replaces, so a text never grows past its size limits.
 */
export const nationalIdRedaction = '[fnr]';

/** The text with every identity number replaced by a marker, and how many were replaced. */
export function redactNationalIds(text: string): { text: string; redacted: number } {
  const found = locateNationalIds(text);
  if (!found.length) return { text, redacted: 0 };
  // Finds can overlap (a digit group shared by two valid numbers): one marker covers the whole stretch.
  const stretches: { start: number; end: number }[] = [];
  for (const { start, end } of found.sort((a, b) => a.start - b.start)) {
    const last = stretches.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else stretches.push({ start, end });
  }
  let result = '';
  let from = 0;
  for (const { start, end } of stretches) {
    result += `${text.slice(from, start)}${nationalIdRedaction}`;
    from = end;
  }
  return { text: result + text.slice(from), redacted: stretches.length };
}
