// A linear pre-scan of YAML text for nesting deeper than the limit, run before any YAML parser.
// Why: the `yaml` package recurses per nesting level; hostile input such as '['.repeat(1000) or
// '- '.repeat(1000) overflows its stack, and once that has happened V8 may abort the whole process
// on a later regular-expression compile ("RegExpCompiler Allocation failed"). A service must never
// hand such text to the parser, so it is refused here, with the line where the limit was crossed.

export interface NestingProblem {
  line: number;
  reason: string;
}

/**
 * Looks for: flow collections (`[`, `{`) nested deeper than `maxDepth`; a line opening more than
 * `maxDepth` block collections at once (`- - - x`, `? ? x`); indentation wider than 8 × `maxDepth`.
 * Quoted scalars and comments are skipped. Conservative: real Kubernetes objects nest far less.
 */
export function findExcessiveNesting(content: string, maxDepth: number): NestingProblem | undefined {
  const maxIndent = 8 * maxDepth;
  let flow = 0;
  let line = 1;
  let i = 0;
  const n = content.length;
  while (i < n) {
    // Start of a line: measure indentation and leading block indicators.
    let indent = 0;
    while (i < n && content.charCodeAt(i) === 32) {
      indent++;
      i++;
    }
    if (indent > maxIndent) return { line, reason: `indentation of ${indent} columns exceeds ${maxIndent}` };
    if (flow === 0) {
      let indicators = 0;
      for (;;) {
        const c = content[i];
        if ((c === '-' || c === '?' || c === ':') && (content[i + 1] === ' ' || content[i + 1] === '\t')) {
          indicators++;
          i += 2;
          while (i < n && (content[i] === ' ' || content[i] === '\t')) i++;
        } else break;
      }
      if (indicators > maxDepth) return { line, reason: `${indicators} nested block collections on one line exceed the depth limit of ${maxDepth}` };
    }
    // Rest of the line.
    while (i < n && content[i] !== '\n') {
      const c = content[i];
      if (c === '#' && (i === 0 || content[i - 1] === ' ' || content[i - 1] === '\t' || content[i - 1] === '\n')) {
        while (i < n && content[i] !== '\n') i++;
        break;
      }
      if (c === '"' || c === "'") {
        i = skipQuoted(content, i, c);
        continue;
      }
      if (c === '[' || c === '{') {
        flow++;
        if (flow > maxDepth) return { line, reason: `flow collections nested deeper than ${maxDepth}` };
      } else if ((c === ']' || c === '}') && flow > 0) flow--;
      i++;
    }
    if (i < n) {
      i++;
      line++;
    }
  }
  return undefined;
}

/** Index after a quoted scalar starting at `start` (or the end of its line if unterminated there). */
function skipQuoted(content: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < content.length) {
    const c = content[i];
    if (quote === '"' && c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (quote === "'" && content[i + 1] === "'") {
        i += 2;
        continue;
      }
      return i + 1;
    }
    if (c === '\n') return i;
    i++;
  }
  return i;
}
