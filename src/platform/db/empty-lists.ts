import {
  BinaryOperationNode,
  type KyselyPlugin,
  type OperationNode,
  OperationNodeTransformer,
  OperatorNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  ValueNode,
} from 'kysely';

// `x in ()` is what a query builder writes for an empty list: SQLite takes it (as false), PostgreSQL refuses it
// (a syntax error, so a 500). Rather than trust every caller to guard every list, every query is rewritten so
// that `x in (<nothing>)` is false and `x not in (<nothing>)` is true, on both dialects alike.

const isEmptyList = (node: OperationNode) =>
  (node.kind === 'PrimitiveValueListNode' || node.kind === 'ValueListNode') &&
  (node as unknown as { values: readonly unknown[] }).values.length === 0;

const constant = (holds: boolean) =>
  BinaryOperationNode.create(
    ValueNode.createImmediate(1),
    OperatorNode.create('='),
    ValueNode.createImmediate(holds ? 1 : 0),
  );

class EmptyListTransformer extends OperationNodeTransformer {
  protected override transformBinaryOperation(node: BinaryOperationNode): BinaryOperationNode {
    const operator = node.operator.kind === 'OperatorNode' ? (node.operator as OperatorNode).operator : null;
    if ((operator === 'in' || operator === 'not in') && isEmptyList(node.rightOperand))
      return constant(operator === 'not in');
    return super.transformBinaryOperation(node);
  }
}

const LEAVES = new Set<string>([
  'IdentifierNode',
  'SchemableIdentifierNode',
  'TableNode',
  'ColumnNode',
  'OperatorNode',
  'ValueNode',
  'PrimitiveValueListNode',
  'DefaultInsertValueNode',
]);

// Whether the tree holds an empty list anywhere: a walk that builds nothing, so that the queries without one
// (nearly all) are passed on as they are instead of being copied node by node.
function holdsEmptyList(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsEmptyList);
  if (value === null || typeof value !== 'object') return false;
  if (isEmptyList(value as OperationNode)) return true;
  // Nodes that hold no node (a name, a value, a list of values: an insert's rows): nothing to walk.
  if (LEAVES.has((value as OperationNode).kind)) return false;
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== null && typeof child === 'object' && holdsEmptyList(child)) return true;
  }
  return false;
}

/** Makes `in` and `not in` over an empty list mean false and true, on every dialect. */
export class EmptyListPlugin implements KyselyPlugin {
  readonly #transformer = new EmptyListTransformer();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return holdsEmptyList(args.node) ? this.#transformer.transformNode(args.node) : args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
