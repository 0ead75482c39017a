namespace Memflux.Graph.Ops;

/// <summary>Operators whose output shape depends on input values (NonZero, Unique, Compress, NonMaxSuppression) run only on constants.</summary>
internal static class DataDependent
{
    /// <summary>
    /// The constant data of input <paramref name="index"/>, or an error saying the output shape is data-dependent:
    /// Memflux needs static shapes, so such a node is computed at import (constant folding) or not at all.
    /// </summary>
    public static Numerics.Tensor RequireConstant(Node node, IReadOnlyList<TensorInfo?> inputs, int index, string what)
    {
        var info = (index < inputs.Count ? inputs[index] : null) ?? throw node.Error($"input {index} ({what}) is required but missing.");
        return info.Constant ?? throw node.Error($"the output shape is data-dependent: it depends on the values of input {index} ({what}), which are computed at run time. Memflux needs static shapes, so {node.OpType} runs only on inputs known at import (initializers, Constants, or what folds from them).");
    }
}
