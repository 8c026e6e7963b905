/**
 * Valid Norwegian identity numbers of every kind, made here from their rules
 * (not taken from the broker's code), and the spellings people type them in.
 */

const mod11 = (digits: number[], weights: number[]) => {
  const remainder = weights.reduce((sum, weight, index) => sum + weight * digits[index]!, 0) % 11;
  return remainder === 0 ? 0 : 11 - remainder;
};

/** Adds the two check digits to nine digits, or undefined when either would be 10 (no such number). */
function withCheckDigits(nine: string): string | undefined {
  const digits = [...nine].map(Number);
  const k1 = mod11(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
  if (k1 === 10) return undefined;
  const k2 = mod11([...digits, k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
  if (k2 === 10) return undefined;
  return `${nine}${k1}${k2}`;
}

export type IdentityKind = 'fødselsnummer' | 'D-number' | 'H-number' | 'synthetic';

/** `count` valid numbers of a kind, born on different days. */
export function identityNumbers(kind: IdentityKind, count: number): string[] {
  const found: string[] = [];
  for (let seed = 0; found.length < count && seed < 10_000; seed += 1) {
    const day = 1 + (seed % 28);
    const month = 1 + ((seed * 7) % 12);
    const year = 40 + ((seed * 13) % 60);
    const individual = 100 + ((seed * 37) % 400);
    const dd = kind === 'D-number' ? day + 40 : day;
    const mm = kind === 'H-number' ? month + 40 : kind === 'synthetic' ? month + 80 : month;
    const number = withCheckDigits(`${String(dd).padStart(2, '0')}${String(mm).padStart(2, '0')}${String(year).padStart(2, '0')}${individual}`);
    if (number && !found.includes(number)) found.push(number);
  }
  return found;
}

/** How people write an identity number: plain, in groups, with any separator or space, in full-width digits. */
export const spellings: Record<string, (digits: string) => string> = {
  plain: (digits) => digits,
  space: (digits) => `${digits.slice(0, 6)} ${digits.slice(6)}`,
  hyphen: (digits) => `${digits.slice(0, 6)}-${digits.slice(6)}`,
  dot: (digits) => `${digits.slice(0, 6)}.${digits.slice(6)}`,
  'no-break space': (digits) => `${digits.slice(0, 6)}\u00a0${digits.slice(6)}`,
  'two spaces': (digits) => `${digits.slice(0, 6)}  ${digits.slice(6)}`,
  groups: (digits) => `${digits.slice(0, 6)} ${digits.slice(6, 9)} ${digits.slice(9)}`,
  'date dots': (digits) => `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4, 6)} ${digits.slice(6)}`,
  'en dash': (digits) => `${digits.slice(0, 6)}–${digits.slice(6)}`,
  slash: (digits) => `${digits.slice(0, 6)}/${digits.slice(6)}`,
  'full-width': (digits) => [...digits].map((digit) => String.fromCharCode(0xff10 + Number(digit))).join(''),
  'zero-width spaces': (digits) => [...digits].join('\u200b'),
  'thin spaces in pairs': (digits) => digits.replace(/(\d\d)(?=\d)/g, '$1\u2009'),
  'Arabic-Indic digits': (digits) => [...digits].map((digit) => String.fromCharCode(0x660 + Number(digit))).join(''),
};

/** Decimal digits of any script as ASCII: each script's digits run from its zero in one block of ten. */
function asciiDigits(text: string): string {
  return text.replace(/\p{Nd}/gu, (digit) => {
    let zero = digit.codePointAt(0)!;
    while (/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero -= 1;
    return String((digit.codePointAt(0)! - zero) % 10);
  });
}

/**
 * Whether a text holds any of the numbers, however it was written: the text
 * folded (NFKC) and cut at letters, each piece's digits read together. Cut at
 * letters, hashes and ids cannot run their digits into a false match.
 */
export function holdsAny(text: string, numbers: string[]): string[] {
  const pieces = asciiDigits(text.normalize('NFKC'))
    .split(/[\p{L}"{}[\]:,]+/u)
    .map((piece) => piece.replace(/\D/g, ''));
  return numbers.filter((number) => pieces.some((piece) => piece.includes(number)));
}
