// Resource limits for reading untrusted input. Sizes are measured in UTF-16 code units of the
// decoded text (equal to bytes for the ASCII that manifests are made of), so no re-encoding pass
// is needed on large inputs.

export interface ParseLimits {
  /** Largest single source document (file or upload). */
  maxDocumentBytes: number;
  /** Largest sum over all source documents of one call. */
  maxTotalBytes: number;
  /** YAML alias expansions allowed per YAML document (guards "billion laughs"). */
  maxAliasCount: number;
  /** Most Kubernetes objects (after List flattening) in one call. */
  maxObjects: number;
  /** Deepest nesting of arrays and objects inside one Kubernetes object. */
  maxDepth: number;
}

// Sized for `kubectl get pods -A -o json` of a large cluster (~100 MB for 10k+ pods with managedFields).
export const DEFAULT_PARSE_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxDocumentBytes: 128 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxAliasCount: 100,
  maxObjects: 500_000,
  maxDepth: 64,
});

export function resolveLimits(overrides: Partial<ParseLimits> | undefined): ParseLimits {
  const limits: ParseLimits = { ...DEFAULT_PARSE_LIMITS };
  if (!overrides) return limits;
  for (const key of Object.keys(limits) as (keyof ParseLimits)[]) {
    const value = overrides[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) limits[key] = value;
  }
  return limits;
}
