// A js-yaml schema that resolves plain scalars exactly as the YAML 1.2 core schema (the `yaml`
// package's default), written from the spec (YAML 1.2.2 §10.3.2). js-yaml's own schemas differ:
// DEFAULT adds timestamps (Date objects) and merge keys; CORE and JSON read `0b1` and `+0x1` as
// numbers and `+.5`, `-.5e-3` as strings, the other way round from YAML 1.2.

import { FAILSAFE_SCHEMA, Type, type Schema } from 'js-yaml';

// YAML 1.2.2 §10.3.2, core schema tag resolution of plain scalars (quoted ones stay strings):
// `on`/`yes`/`no` are strings, `0755` is the decimal 755, dates are strings, `<<` is a plain key.
const NULL_PATTERN = /^(?:~|null|Null|NULL)?$/;
const BOOL_PATTERN = /^(?:true|True|TRUE|false|False|FALSE)$/;
const DECIMAL_PATTERN = /^[-+]?[0-9]+$/;
const OCTAL_PATTERN = /^0o[0-7]+$/;
const HEX_PATTERN = /^0x[0-9a-fA-F]+$/;
const FLOAT_PATTERN = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOAT_PATTERN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

// js-yaml tries every implicit type on every plain scalar, and most plain scalars are names:
// a look at the first character settles those before any pattern runs.
function startsLikeNull(data: unknown): data is string {
  if (typeof data !== 'string') return false;
  const first = data.charCodeAt(0);
  return Number.isNaN(first) || first === 0x7e /* ~ */ || first === 0x6e /* n */ || first === 0x4e /* N */;
}

function startsLikeBool(data: unknown): data is string {
  if (typeof data !== 'string') return false;
  const first = data.charCodeAt(0);
  return first === 0x74 /* t */ || first === 0x54 /* T */ || first === 0x66 /* f */ || first === 0x46 /* F */;
}

/** A digit, a sign or a dot: what every int and float of the core schema starts with. */
function startsLikeNumber(data: unknown): data is string {
  if (typeof data !== 'string') return false;
  const first = data.charCodeAt(0);
  return (first >= 0x30 && first <= 0x39) || first === 0x2d /* - */ || first === 0x2b /* + */ || first === 0x2e /* . */;
}

const nullType = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: unknown) => data === null || (startsLikeNull(data) && NULL_PATTERN.test(data)),
  construct: () => null,
});

const boolType = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) => startsLikeBool(data) && BOOL_PATTERN.test(data),
  construct: (data: string) => data[0] === 't' || data[0] === 'T',
});

const intType = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: unknown) => startsLikeNumber(data) && (DECIMAL_PATTERN.test(data) || OCTAL_PATTERN.test(data) || HEX_PATTERN.test(data)),
  construct: (data: string) => {
    if (data.startsWith('0o')) return parseInt(data.slice(2), 8);
    if (data.startsWith('0x')) return parseInt(data.slice(2), 16);
    return parseInt(data, 10);
  },
});

const floatType = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: unknown) => startsLikeNumber(data) && (FLOAT_PATTERN.test(data) || SPECIAL_FLOAT_PATTERN.test(data)),
  construct: (data: string) => {
    if (!SPECIAL_FLOAT_PATTERN.test(data)) return parseFloat(data);
    if (data.endsWith('nan') || data.endsWith('NaN') || data.endsWith('NAN')) return NaN;
    return data.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  },
});

/** str, seq, map plus the core schema's implicit null, bool, int, float. No timestamps, no merge keys, no binary. */
export const YAML_1_2_CORE_SCHEMA: Schema = FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, intType, floatType] });
