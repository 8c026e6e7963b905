/**
 * EventBridge event-pattern matching, for the local bus. Covers the pattern
 * syntax AWS documents for content filtering: exact values, prefix, suffix,
 * anything-but, exists, numeric ranges, equals-ignore-case, $or, and nested
 * objects; arrays in the event match when any element matches.
 */
type Matcher = unknown;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function matchesNumeric(conditions: unknown[], value: unknown): boolean {
  if (typeof value !== 'number') return false;
  for (let index = 0; index < conditions.length; index += 2) {
    const operator = conditions[index];
    const bound = Number(conditions[index + 1]);
    const holds =
      operator === '='
        ? value === bound
        : operator === '<'
          ? value < bound
          : operator === '<='
            ? value <= bound
            : operator === '>'
              ? value > bound
              : operator === '>='
                ? value >= bound
                : false;
    if (!holds) return false;
  }
  return true;
}

/** Does one leaf condition (a literal or an operator object) accept one scalar value? */
function matchesCondition(condition: Matcher, value: unknown, present: boolean): boolean {
  if (!isObject(condition)) return present && condition === value;
  if ('exists' in condition) return condition.exists === present;
  // Every other operator, anything-but included, needs the field to be there.
  if (!present) return false;
  if ('prefix' in condition) {
    const prefix = condition.prefix;
    if (isObject(prefix) && 'equals-ignore-case' in prefix) {
      return typeof value === 'string' && value.toLowerCase().startsWith(String(prefix['equals-ignore-case']).toLowerCase());
    }
    return typeof value === 'string' && value.startsWith(String(prefix));
  }
  if ('suffix' in condition) return typeof value === 'string' && value.endsWith(String(condition.suffix));
  if ('equals-ignore-case' in condition) {
    return typeof value === 'string' && value.toLowerCase() === String(condition['equals-ignore-case']).toLowerCase();
  }
  if ('numeric' in condition) return matchesNumeric(condition.numeric as unknown[], value);
  if ('anything-but' in condition) {
    const excluded = condition['anything-but'];
    if (isObject(excluded) && 'prefix' in excluded) return !(typeof value === 'string' && value.startsWith(String(excluded.prefix)));
    return !(Array.isArray(excluded) ? excluded : [excluded]).includes(value);
  }
  return false;
}

function matchesField(conditions: Matcher[], value: unknown, present: boolean): boolean {
  const values = Array.isArray(value) ? value : [value];
  return conditions.some((condition) =>
    isObject(condition) && 'exists' in condition
      ? matchesCondition(condition, value, present && !(Array.isArray(value) && value.length === 0))
      : values.some((item) => matchesCondition(condition, item, present)),
  );
}

/** Does the event (or a part of it) satisfy the pattern? */
export function matchesPattern(pattern: Record<string, unknown>, event: unknown): boolean {
  const subject = isObject(event) ? event : {};
  return Object.entries(pattern).every(([key, rule]) => {
    if (key === '$or') return (rule as Record<string, unknown>[]).some((alternative) => matchesPattern(alternative, subject));
    const present = Object.hasOwn(subject, key);
    const value = subject[key];
    if (isObject(rule)) return present && matchesPattern(rule, value);
    if (!Array.isArray(rule)) throw new Error(`pattern field ${key} must be an array or an object`);
    return matchesField(rule, value, present);
  });
}
