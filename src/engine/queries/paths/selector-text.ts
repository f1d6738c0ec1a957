// Label selectors written as `kubectl -l` takes them: `tier=db`, `app!=web`, `env in (prod,stage)`,
// `env notin (dev)`, `team` (the key exists), `!legacy` (it does not); comma-separated, all must hold.

import type { LabelSelector, LabelSelectorRequirement } from '../../model.js';

const KEY = '([A-Za-z0-9][-A-Za-z0-9_./]*)';
const VALUE = '([-A-Za-z0-9_.]*)';
const EQUALS = new RegExp(`^${KEY}\\s*(==?|!=)\\s*${VALUE}$`);
const SET = new RegExp(`^${KEY}\\s+(in|notin)\\s*\\(([^)]*)\\)$`);
const EXISTS = new RegExp(`^(!?)\\s*${KEY}$`);

/** Splits on commas outside parentheses. */
function terms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.map((t) => t.trim());
}

/** The selector, or an error naming the term that is not understood. An empty text selects everything. */
export function parseSelectorText(text: string): LabelSelector | { error: string } {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  if (text.trim() === '') return { matchLabels, matchExpressions };
  for (const term of terms(text)) {
    let m = EQUALS.exec(term);
    if (m) {
      if (m[2] === '!=') matchExpressions.push({ key: m[1], operator: 'NotIn', values: [m[3]] });
      else if (matchLabels[m[1]] !== undefined && matchLabels[m[1]] !== m[3]) matchExpressions.push({ key: m[1], operator: 'In', values: [m[3]] });
      else matchLabels[m[1]] = m[3];
      continue;
    }
    m = SET.exec(term);
    if (m) {
      const values = m[3].split(',').map((v) => v.trim()).filter((v) => v !== '');
      matchExpressions.push({ key: m[1], operator: m[2] === 'in' ? 'In' : 'NotIn', values });
      continue;
    }
    m = EXISTS.exec(term);
    if (m) {
      matchExpressions.push({ key: m[2], operator: m[1] === '!' ? 'DoesNotExist' : 'Exists', values: [] });
      continue;
    }
    return { error: `label selector term "${term}" is not understood: write key=value, key!=value, key in (a,b), key notin (a,b), key or !key` };
  }
  return { matchLabels, matchExpressions };
}
