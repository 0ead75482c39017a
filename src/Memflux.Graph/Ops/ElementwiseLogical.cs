using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>A logical operation on two broadcast bool inputs (And, Or, Xor).</summary>
public abstract class ElementwiseLogical : Operator
{
    /// <inheritdoc />
    public sealed override int MinInputs => 2;

    /// <inheritdoc />
    public sealed override int MaxInputs => 2;

    /// <inheritdoc />
    public sealed override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var info = Broadcasting.InferBinary(node, inputs);
        if (info.Type != DataType.Bool)
        {
            throw node.Error($"inputs must be Bool, found {info.Type}.");
        }

        return [info];
    }

    /// <inheritdoc />
    public sealed override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) =>
        [Apply(node, RequireInput(node, inputs, 0), RequireInput(node, inputs, 1))];

    /// <summary>The operation (<see cref="Broadcasting.Logical{TOp}"/> with it).</summary>
    protected abstract Tensor Apply(Node node, Tensor a, Tensor b);
}
