// metav1.LabelSelector, validated like the API server does (operator names, value counts).

import type { LabelSelector, LabelSelectorRequirement, SelectorOperator } from '../model.js';
import { fatal, type Decoder } from './diagnostics.js';
import { at, child, readArray, readRecord, readStringList, readStringMap, requireString } from './fields.js';
import { invalidEnumValue } from './validation.js';

export const EVERYTHING: LabelSelector = Object.freeze({ matchLabels: Object.freeze({}), matchExpressions: Object.freeze([]) });

const OPERATOR_LIST: readonly SelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
const OPERATORS: ReadonlySet<string> = new Set<string>(OPERATOR_LIST);

/** Absent → undefined (the caller decides what absence means); `{}` → selects everything. */
export function readSelector(d: Decoder, value: unknown, path: string): LabelSelector | undefined {
  const record = readRecord(d, value, path);
  if (!record) return undefined;
  const matchLabels = readStringMap(d, record.matchLabels, child(path, 'matchLabels')) ?? {};
  const expressions = readArray(d, record.matchExpressions, child(path, 'matchExpressions')) ?? [];
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (let i = 0; i < expressions.length; i++) {
    const requirement = readRequirement(d, expressions[i], at(child(path, 'matchExpressions'), i));
    if (requirement) matchExpressions.push(requirement);
  }
  if (expressions.length === 0 && Object.keys(matchLabels).length === 0) return EVERYTHING;
  return { matchLabels, matchExpressions };
}

function readRequirement(d: Decoder, value: unknown, path: string): LabelSelectorRequirement | undefined {
  const record = readRecord(d, value, path);
  if (!record) return undefined;
  const key = requireString(d, record.key, child(path, 'key'));
  const operator = requireString(d, record.operator, child(path, 'operator'));
  const values = readStringList(d, record.values, child(path, 'values')) ?? [];
  if (key === undefined || operator === undefined) return undefined;
  if (!OPERATORS.has(operator)) {
    invalidEnumValue(d, 'selector.operator.invalid', child(path, 'operator'), 'operator', operator, OPERATOR_LIST);
    return undefined;
  }
  const needsValues = operator === 'In' || operator === 'NotIn';
  if (needsValues && values.length === 0) {
    fatal(d, 'selector.values.empty', child(path, 'values'), `operator ${operator} needs at least one value`);
    return undefined;
  }
  if (!needsValues && values.length > 0) {
    fatal(d, 'selector.values.unexpected', child(path, 'values'), `operator ${operator} takes no values`);
    return undefined;
  }
  return { key, operator: operator as SelectorOperator, values };
}
