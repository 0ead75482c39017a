using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>A one-input elementwise operator over numeric tensors whose output has the input's type and shape (Abs, Neg, Sign, Shrink).</summary>
public abstract class ElementwiseNumberOperator : Operator
{
    /// <inheritdoc />
    public sealed override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        if (x.Type == DataType.Bool || (SignedOnly && !x.Type.IsSigned()))
        {
            throw node.Error($"input 0 must be a {(SignedOnly ? "signed integer or floating-point" : "numeric")} type, found {x.Type}.");
        }

        return [new TensorInfo(x.Type, x.Shape)];
    }

    /// <inheritdoc />
    public sealed override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var y = Tensor.Zeros(x.Type, x.Shape);
        Compute(node, x, y);
        return [y];
    }

    /// <inheritdoc />
    public sealed override bool SupportsInPlace => true;

    /// <inheritdoc />
    public sealed override Tensor[] ExecuteInPlace(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        Compute(node, x, x);
        return [x];
    }

    /// <summary>True when unsigned types are refused (Neg).</summary>
    protected virtual bool SignedOnly => false;

    /// <summary>Writes f(<paramref name="x"/>) into <paramref name="destination"/> (same type and length; may be the same tensor).</summary>
    protected abstract void Compute(Node node, Tensor x, Tensor destination);
}

/// <summary>A function of one number, defined for every numeric element type.</summary>
internal interface INumberFunction
{
    /// <summary>f(x) for one element.</summary>
    static abstract T Invoke<T>(T x)
        where T : unmanaged, INumber<T>;
}

/// <summary>Applies an <see cref="INumberFunction"/> over a tensor of any numeric type.</summary>
internal static class NumberMap
{
    /// <summary>destination[i] = f(x[i]); both tensors have one numeric type and length (they may be the same tensor).</summary>
    public static void Apply<TFunction>(Tensor x, Tensor destination)
        where TFunction : INumberFunction
    {
        var visitor = new Visitor<TFunction>(x, destination);
        x.Type.VisitNumber<Visitor<TFunction>, bool>(ref visitor);
    }

    private readonly struct Visitor<TFunction>(Tensor x, Tensor destination) : INumberVisitor<bool>
        where TFunction : INumberFunction
    {
        public bool Visit<T>()
            where T : unmanaged, INumber<T>
        {
            ReadOnlySpan<T> source = x.AsSpan<T>();
            Span<T> target = destination.AsSpan<T>();
            for (int i = 0; i < target.Length; i++)
            {
                target[i] = TFunction.Invoke(source[i]);
            }

            return true;
        }
    }
}
