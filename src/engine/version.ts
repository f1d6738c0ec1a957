/**
 * Version of what the engine computes. Stored results record it; the service recomputes results of
 * another version before serving them, so old and new verdicts are never mixed.
 *
 * Bump rule: increase it (by one) in the same commit as any change that can alter a stored result
 * for the same input: verdicts, connectivity at any granularity, pod classes, metrics, analysis
 * diagnostics or the JSON shape of a connectivity result. Refactors, speed-ups and changes to
 * parsing diagnostics that leave those results equal do not bump it. test/unit/engine-version.spec.ts
 * fails when the stored results of its inputs change under an unchanged version.
 */
export const ENGINE_VERSION = '7';
