// Text-level checks that decide what js-yaml may read on its own (see fast-yaml.ts): the split of
// a stream into documents, and the screens that send a document to the `yaml` package. They are
// deliberately coarse: a false alarm only costs speed, a miss could change a result. The spots
// where the two libraries disagree were found by differential fuzzing (test/engine/parse/
// yaml-fast-path.spec.ts keeps such a check).

/**
 * Splits a stream before its `---` lines; each part but the first starts with its marker line, so
 * that a part read alone is read as in the stream. A line starting with `---` followed by white
 * space or its end cannot be content anywhere in YAML (c-forbidden), so this cannot cut a
 * document in two; blank and comment lines before the first `---` are no document (as in `yaml`).
 * `undefined` for what this simple split does not model: directives (`%` lines), `...` document
 * ends, anything after `---` but white space or a comment (`---x` is text to `yaml` but starts a
 * document in js-yaml), lone `\r` line breaks (js-yaml breaks lines there, `yaml` does not).
 * A boundary missed here is still caught: each part must parse as at most one document.
 */
export function splitYamlDocuments(content: string): string[] | undefined {
  if (hasLoneCarriageReturn(content)) return undefined;
  const parts: string[] = [];
  const marker = /^(?:---|\.\.\.|%)/gm;
  let start = 0;
  for (let match = marker.exec(content); match !== null; match = marker.exec(content)) {
    const at = match.index;
    // `^` also matches after U+2028/U+2029, which are not line breaks in YAML 1.2.
    if (at > 0 && content[at - 1] !== '\n' && content[at - 1] !== '\r') continue;
    if (match[0] !== '---') return undefined;
    const lineEnd = endOfLine(content, at);
    const rest = content.slice(at + 3, lineEnd);
    if (rest !== '' && rest !== '\r' && !/^[ \t]+(?:#.*)?\r?$/.test(rest)) return undefined;
    const before = content.slice(start, at);
    if (start > 0 || !isBlankOrComments(before)) parts.push(before);
    start = at;
    marker.lastIndex = lineEnd;
  }
  parts.push(content.slice(start));
  return parts;
}

function hasLoneCarriageReturn(content: string): boolean {
  for (let at = content.indexOf('\r'); at !== -1; at = content.indexOf('\r', at + 1)) {
    if (content.charCodeAt(at + 1) !== 0x0a) return true;
  }
  return false;
}

function endOfLine(content: string, from: number): number {
  const newline = content.indexOf('\n', from);
  return newline === -1 ? content.length : newline;
}

/** Stops at the first line with content, so a large first document costs one line. */
function isBlankOrComments(text: string): boolean {
  for (let start = 0; start < text.length; ) {
    const end = endOfLine(text, start);
    const line = text.slice(start, end).replace(/^[\s\uFEFF]+/, '');
    if (line !== '' && !line.startsWith('#')) return false;
    start = end + 1;
  }
  return true;
}

/**
 * True when a document may use YAML that js-yaml reads differently from `yaml`:
 * - anchors and aliases (`&a`, `*a` starting a node): js-yaml shares an aliased value by
 *   reference, so a billion-laughs document is small in memory but explodes in every later
 *   walk, and `maxAliasCount` would not apply; `yaml` also rejects some anchor placements
 *   js-yaml accepts (`k: &a x: y`);
 * - tags (`!` starting a node): explicit tags resolve differently;
 * - explicit keys (`? `) and sequences as keys (`]:`): stringified differently;
 * - multi-line quoted scalars whose continuation lines are not indented past the line they
 *   start on, tabs in a line's leading white space, a comment glued to a quoted scalar or a
 *   flow collection (`"a"#c`, `[]#c`), an empty sequence item ending its line (`- `, `- -`),
 *   block scalars with an indentation indicator (`|2`): errors in `yaml` that js-yaml accepts,
 *   or (`- -`, `|1`) reads to another value.
 */
export function mayNeedFullYaml(text: string): boolean {
  return (
    hasNodeStart(text, '&') ||
    hasNodeStart(text, '*') ||
    hasNodeStart(text, '!') ||
    hasExplicitKey(text) ||
    hasSequenceKey(text) ||
    hasIndentingTab(text) ||
    GLUED_COMMENT.test(text) ||
    hasEmptySequenceItem(text) ||
    hasIndentationIndicator(text) ||
    hasBadlyIndentedQuotedLines(text)
  );
}

// The checks below find a rare character with indexOf and only then look around it: a
// multi-line regular expression over the whole text costs ~4x more on large inputs.

const GLUED_COMMENT = /["'\]}]#/;

/**
 * `]:` (white space between allowed): a sequence as key, which js-yaml joins with commas. A
 * mapping as key shows in the result ("[object Object]"), so `}:` needs no screen, and
 * managedFields keys such as `k:{"type":"Ready"}:` stay on the fast path.
 */
function hasSequenceKey(text: string): boolean {
  return someIndexOf(text, ']', (at) => nextNonBlank(text, at + 1) === ':');
}

/** A tab in a line's leading white space. */
function hasIndentingTab(text: string): boolean {
  return someIndexOf(text, '\t', (at) => {
    let before = at - 1;
    while (before >= 0 && text[before] === ' ') before--;
    return before < 0 || text[before] === '\n' || text[before] === '\r';
  });
}

/** A line of only `-` indicators (and a comment): `- `, `- -`, `  - # c`. */
function hasEmptySequenceItem(text: string): boolean {
  const lineEndingInDash = /-[ \t]*(?:#[^\n]*)?\r?$/gm;
  for (let match = lineEndingInDash.exec(text); match !== null; match = lineEndingInDash.exec(text)) {
    const lineStart = text.lastIndexOf('\n', match.index) + 1;
    if (/^[ \t]*(?:-[ \t]+)*-[ \t]*(?:#.*)?\r?$/.test(text.slice(lineStart, match.index + match[0].length))) return true;
  }
  return false;
}

/** A block scalar header with an indentation indicator: `|2`, `>-1`, `|+3`. */
function hasIndentationIndicator(text: string): boolean {
  const isIndicator = (at: number) => /^[+-]?[1-9]/.test(text.slice(at + 1, at + 3));
  return someIndexOf(text, '|', isIndicator) || someIndexOf(text, '>', isIndicator);
}

function someIndexOf(text: string, char: string, matches: (at: number) => boolean): boolean {
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) {
    if (matches(at)) return true;
  }
  return false;
}

function nextNonBlank(text: string, from: number): string | undefined {
  let at = from;
  while (text[at] === ' ' || text[at] === '\t') at++;
  return text[at];
}

/**
 * Whether `indicator` occurs where a node can start: after white space that follows the start of
 * the text or a line, `:`, `-`, `?`, `[`, `{` or `,`. Inside a plain or quoted scalar (`a && b`,
 * `"*.example.com"`, `if ! x`) it follows other text. A property after another property (`&a !t`)
 * is not seen, but the first one is.
 */
function hasNodeStart(text: string, indicator: string): boolean {
  return someIndexOf(text, indicator, (at) => followsNodeStart(text, at));
}

function hasExplicitKey(text: string): boolean {
  return someIndexOf(text, '?', (at) => isWhiteSpaceOrEnd(text.charCodeAt(at + 1)) && followsNodeStart(text, at));
}

function followsNodeStart(text: string, at: number): boolean {
  let before = at - 1;
  while (before >= 0 && (text[before] === ' ' || text[before] === '\t')) before--;
  return before < 0 || NODE_START_AFTER.has(text[before]);
}

const NODE_START_AFTER = new Set(['\n', '\r', '\uFEFF', ':', '-', '?', '[', '{', ',']);

function isWhiteSpaceOrEnd(code: number): boolean {
  return Number.isNaN(code) || code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * A quoted scalar starting a node and running over several lines, with a continuation line
 * indented no deeper than the first node of the line it starts on (blank lines aside), or never
 * closed. `yaml` rejects some of these where js-yaml folds them; well-formed multi-line strings
 * (as kubectl and the `yaml` package print them) are indented deeper and stay on the fast path.
 */
function hasBadlyIndentedQuotedLines(text: string): boolean {
  // Both cursors only move forward, so a text full of one quote stays linear.
  let double = text.indexOf('"');
  let single = text.indexOf("'");
  while (double !== -1 || single !== -1) {
    const at = single === -1 || (double !== -1 && double < single) ? double : single;
    let resume = at + 1;
    if (followsNodeStart(text, at)) {
      const end = closingQuote(text, at);
      if (end === -1) return true;
      const lineBreak = text.indexOf('\n', at);
      if (lineBreak !== -1 && lineBreak < end && !continuationIndented(text, at, end)) return true;
      resume = end + 1;
    }
    if (double !== -1 && double < resume) double = text.indexOf('"', resume);
    if (single !== -1 && single < resume) single = text.indexOf("'", resume);
  }
  return false;
}

/** Index of the quote closing the scalar opened at `at` (`\"` and `''` are escapes), or -1. */
function closingQuote(text: string, at: number): number {
  const quote = text[at];
  let index = at + 1;
  while (index < text.length) {
    const next = text.indexOf(quote, index);
    if (next === -1) return -1;
    if (quote === "'") {
      if (text[next + 1] !== "'") return next;
      index = next + 2;
      continue;
    }
    let backslashes = 0;
    while (text[next - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 0) return next;
    index = next + 1;
  }
  return -1;
}

function continuationIndented(text: string, open: number, close: number): boolean {
  const startIndent = contentColumn(text, text.lastIndexOf('\n', open) + 1);
  for (let lineBreak = text.indexOf('\n', open); lineBreak !== -1 && lineBreak < close; lineBreak = text.indexOf('\n', lineBreak + 1)) {
    const indent = indentAt(text, lineBreak + 1);
    const first = text[lineBreak + 1 + indent];
    const blank = first === '\n' || first === '\r' || first === undefined;
    if (!blank && indent <= startIndent) return false;
  }
  return true;
}

/** Column of a line's first node after its indentation and `- ` indicators (`    - k: "…"` → 6). */
function contentColumn(text: string, lineStart: number): number {
  let at = lineStart + indentAt(text, lineStart);
  while (text[at] === '-' && (text[at + 1] === ' ' || text[at + 1] === '\t')) {
    at++;
    while (text[at] === ' ' || text[at] === '\t') at++;
  }
  return at - lineStart;
}

function indentAt(text: string, lineStart: number): number {
  let indent = 0;
  while (text[lineStart + indent] === ' ') indent++;
  return indent;
}
