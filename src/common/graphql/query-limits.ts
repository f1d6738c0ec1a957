import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { GraphqlLimits } from '../../config/config.js';
import { ErrorCode } from '../errors/app-error.js';

/**
 * Bounds on what one GraphQL document may ask for, so that a single request cannot make the
 * service resolve millions of fields: nesting depth and aliases are checked while the document
 * is validated (before anything runs), the cost once the operation and its variables are known.
 * Each refusal is a 400 `BAD_REQUEST` whose `details[0]` names the limit (`code`), the value
 * found and the configuration variable that sets it.
 */

function limitError(code: string, message: string, found: number, limit: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BadRequest, details: [{ path: 'query', code, message }], limit, found, http: { status: 400 } },
  });
}

/** Depth of a selection set: fragments followed (each at most once per path, so cycles end), `__` fields skipped. */
function depthOf(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, visiting: Set<string>): number {
  if (!set) return 0;
  let deepest = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith('__')) continue;
      deepest = Math.max(deepest, 1 + depthOf(sel.selectionSet, fragments, visiting));
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(sel.selectionSet, fragments, visiting));
    } else {
      const name = sel.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) continue;
      visiting.add(name);
      deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, visiting));
      visiting.delete(name);
    }
  }
  return deepest;
}

export function maxDepthRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    return {
      OperationDefinition(op) {
        const depth = depthOf(op.selectionSet, fragments, new Set());
        if (depth > maxDepth) {
          context.reportError(limitError('graphql.depth', `the query is nested ${depth} levels deep; the limit is ${maxDepth} (GRAPHQL_MAX_DEPTH)`, depth, maxDepth));
        }
      },
    };
  };
}

/** Counts aliases in the whole document (fragments included once each: repeating a fragment repeats its cost, which the complexity limit catches). */
export function maxAliasesRule(maxAliases: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias) aliases++;
      },
      Document: {
        leave() {
          if (aliases > maxAliases) {
            context.reportError(limitError('graphql.aliases', `the query uses ${aliases} aliases; the limit is ${maxAliases} (GRAPHQL_MAX_ALIASES)`, aliases, maxAliases));
          }
        },
      },
    };
  };
}

/** One per field; a field taking `first` (a page) costs its selection once per requested row. */
const pagedEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const rows = typeof args.first === 'number' && args.first > 0 ? args.first : 1;
  return 1 + childComplexity * rows;
};

export function complexityPlugin(maxComplexity: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let cost: number;
          try {
            cost = getComplexity({ schema, query: document, operationName: request.operationName, variables: request.variables ?? {}, estimators: [pagedEstimator] });
          } catch {
            // Variables that do not fit their types: execution refuses them next, with its own 400.
            return;
          }
          if (cost > maxComplexity) {
            throw limitError('graphql.complexity', `the query costs ${cost} (one per field, times \`first\` for pages); the limit is ${maxComplexity} (GRAPHQL_MAX_COMPLEXITY)`, cost, maxComplexity);
          }
        },
      };
    },
  };
}

export function queryLimitRules(limits: GraphqlLimits): ValidationRule[] {
  return [maxDepthRule(limits.maxDepth), maxAliasesRule(limits.maxAliases)];
}
