using Memflux.Graph.Ops;
using Memflux.Numerics;

namespace Memflux.Graph.Passes;

/// <summary>
/// Runs an operator's shape and import-time work so that integer arithmetic that overflows (a checked size computed
/// from a huge attribute or constant input) ends as an error naming the node, not an internal crash. Operators check
/// their inputs' ranges themselves; this is the backstop for the checked expressions they rely on (issue 18 §4).
/// </summary>
internal static class ShapeArithmetic
{
    /// <summary>Calls <paramref name="work"/>, turning an <see cref="OverflowException"/> into a <see cref="MemfluxException"/> naming <paramref name="node"/>.</summary>
    public static T Guard<T>(Node node, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (OverflowException e)
        {
            throw new MemfluxException(
                $"{node.Describe()}: its attributes or constant inputs give sizes that overflow integer arithmetic ({e.Message}); expected values that give sizes below 2^31.", e);
        }
    }

    /// <summary><see cref="Operator.InferOutputs"/> under <see cref="Guard{T}"/>.</summary>
    public static IReadOnlyList<TensorInfo> InferOutputs(Operator op, Node node, IReadOnlyList<TensorInfo?> inputs) =>
        Guard(node, () => op.InferOutputs(node, inputs));

    /// <summary><see cref="Operator.Execute"/> under <see cref="Guard{T}"/> (constant data computed at import).</summary>
    public static Tensor[] Execute(Operator op, Node node, IReadOnlyList<Tensor?> inputs) =>
        Guard(node, () => op.Execute(node, inputs));
}
