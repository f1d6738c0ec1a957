// The fast YAML path: js-yaml with a YAML 1.2 core schema (yaml-core-schema.ts), for the
// documents whose text passes the screens of yaml-screens.ts, i.e. the plain YAML on which
// js-yaml and the `yaml` package give the same values. Declined documents come back as text for
// the `yaml` package; read-documents.ts explains the choice.

import { loadAll } from 'js-yaml';
import { YAML_1_2_CORE_SCHEMA } from './yaml-core-schema.js';
import { mayNeedFullYaml, splitYamlDocuments } from './yaml-screens.js';

/**
 * A document's value; or `declined` with its text when the `yaml` package has to read it: with
 * its own `---` line and the next one, as in the stream (`yaml` reads a document's last line
 * differently before `---` than at the end of the text), so `yaml` finds one document, or two
 * when the second is the empty one after the next `---`; or `failed` when js-yaml rejected it
 * (a syntax error, a duplicate key, too deep nesting), for which the whole file goes to `yaml`.
 */
export type FastDocument = { kind: 'value'; value: unknown } | { kind: 'declined'; text: string } | { kind: 'failed' };

/**
 * The documents of a YAML stream, numbered as the `yaml` package numbers them; `undefined` when
 * the stream itself is unusual (directives, `...`, see `splitYamlDocuments`).
 */
export function loadYamlFast(content: string): FastDocument[] | undefined {
  const parts = splitYamlDocuments(content);
  if (!parts) return undefined;
  const plain = parts.map((text) => !mayNeedFullYaml(text));
  // One js-yaml pass over the whole stream costs ~15% less than one per document; its result is
  // used only when it has exactly the documents of the split.
  const whole = plain.every(Boolean) ? loadStream(content, parts.length) : undefined;
  return parts.map((text, index): FastDocument => {
    const inStream = index + 1 < parts.length ? text + markerLine(parts[index + 1]) : text;
    if (whole) return checkedKeys(whole[index], inStream);
    return plain[index] ? loadDocument(text, inStream) : { kind: 'declined', text: inStream };
  });
}

/** The `---` line a part after the first starts with. */
function markerLine(part: string): string {
  const newline = part.indexOf('\n');
  return newline === -1 ? part : part.slice(0, newline + 1);
}

function loadStream(content: string, expected: number): unknown[] | undefined {
  try {
    const documents = loadAll(content, undefined, { schema: YAML_1_2_CORE_SCHEMA });
    return documents.length === expected ? documents : undefined;
  } catch {
    return undefined; // Reading the documents one by one isolates the failing one.
  }
}

function loadDocument(text: string, inStream: string): FastDocument {
  try {
    const documents = loadAll(text, undefined, { schema: YAML_1_2_CORE_SCHEMA });
    if (documents.length > 1) return { kind: 'declined', text: inStream };
    return checkedKeys(documents.length === 0 ? null : documents[0], inStream);
  } catch {
    return { kind: 'failed' };
  }
}

function checkedKeys(value: unknown, inStream: string): FastDocument {
  return hasOnlyPlainKeys(value) ? { kind: 'value', value } : { kind: 'declined', text: inStream };
}

/**
 * False when a key may have been a null in the source (js-yaml gives "null", `yaml` "") or a
 * mapping ("[object Object]"). A real key `null` only costs speed. Iterative; it terminates
 * because the screens keep aliases, hence shared or cyclic values, out.
 */
function hasOnlyPlainKeys(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const entry of value) if (typeof entry === 'object' && entry !== null) stack.push(entry);
    } else if (typeof value === 'object' && value !== null) {
      for (const key in value) {
        if (key === 'null' || key.includes('[object Object]')) return false;
        const entry = (value as Record<string, unknown>)[key];
        if (typeof entry === 'object' && entry !== null) stack.push(entry);
      }
    }
  }
  return true;
}
