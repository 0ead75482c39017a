using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// A variadic elementwise operator (Max, Min, Sum, Mean): one or more inputs of one numeric type, broadcast together
/// (multidirectionally; opsets before 8 required equal shapes, which broadcasting also covers), folded left to right.
/// </summary>
public abstract class VariadicElementwiseOperator : Operator
{
    /// <inheritdoc />
    public sealed override int MaxInputs => int.MaxValue;

    /// <inheritdoc />
    public sealed override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var first = RequireInput(node, inputs, 0);
        if (!Accepts(node, first.Type))
        {
            throw node.Error($"inputs must be {AcceptedTypes(node)}, found {first.Type}.");
        }

        var shape = first.Shape;
        for (int i = 1; i < inputs.Count; i++)
        {
            var x = RequireInput(node, inputs, i);
            if (x.Type != first.Type)
            {
                throw node.Error($"inputs must have one element type, found {first.Type} (input 0) and {x.Type} (input {i}).");
            }

            shape = Broadcasting.BroadcastShape(node, shape, x.Shape);
        }

        return [new TensorInfo(first.Type, shape)];
    }

    /// <inheritdoc />
    public sealed override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var tensors = new Tensor[inputs.Count];
        for (int i = 0; i < tensors.Length; i++)
        {
            tensors[i] = RequireInput(node, inputs, i);
        }

        return [Compute(node, tensors)];
    }

    /// <summary>True when <paramref name="type"/> is an input type the operator accepts at the node's opset.</summary>
    protected abstract bool Accepts(Node node, DataType type);

    /// <summary>The accepted input types, for the error message.</summary>
    protected abstract string AcceptedTypes(Node node);

    /// <summary>The result over the inputs (at least one, one type, broadcastable); must not return an input tensor.</summary>
    protected abstract Tensor Compute(Node node, Tensor[] inputs);

    /// <summary>op(op(op(x₀, x₁), x₂), ...) with broadcasting; a single input is copied.</summary>
    internal static Tensor Fold<TOp>(Node node, Tensor[] inputs)
        where TOp : INumericOperator<TOp>
    {
        if (inputs.Length == 1)
        {
            return inputs[0].Clone();
        }

        var acc = Broadcasting.Apply<TOp>(node, inputs[0], inputs[1]);
        for (int i = 2; i < inputs.Length; i++)
        {
            acc = acc.Shape.Equals(Broadcasting.BroadcastShape(node, acc.Shape, inputs[i].Shape))
                ? Broadcasting.ApplyInPlace<TOp>(node, acc, inputs[i])
                : Broadcasting.Apply<TOp>(node, acc, inputs[i]);
        }

        return acc;
    }
}
