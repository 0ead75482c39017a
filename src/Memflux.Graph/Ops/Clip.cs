using System.Numerics;
using Memflux.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Clip: y = min(max(x, min), max). Bounds are the attributes <c>min</c>/<c>max</c> before opset 11 and
/// optional scalar inputs 1 and 2 from opset 11 (every numeric type from opset 12). When min &gt; max every element becomes max,
/// as the spec and ONNX Runtime do.
/// </summary>
public sealed class Clip : Operator
{
    /// <inheritdoc />
    public override string OpType => "Clip";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["min", "max"];

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        if (node.Opset < 11)
        {
            if (inputs.Count > 1)
            {
                throw node.Error($"before opset 11 the bounds are the attributes 'min' and 'max'; found {inputs.Count} inputs, expected 1.");
            }

            if (x.Type != DataType.Float32)
            {
                throw node.Error($"input 0 must be Float32 before opset 12, found {x.Type}.");
            }
        }
        else
        {
            if (node.Attributes.Count > 0)
            {
                throw node.Error($"from opset 11 the bounds are inputs 1 (min) and 2 (max), not attributes; found attribute(s) {string.Join(", ", node.Attributes.Keys)}.");
            }

            for (int i = 1; i < inputs.Count; i++)
            {
                if (inputs[i] is { } bound && (bound.Type != x.Type || bound.Shape.ElementCount != 1 || bound.Shape.Rank > 1))
                {
                    throw node.Error($"input {i} ({(i == 1 ? "min" : "max")}) must be a {x.Type} scalar, found {bound.Type}{bound.Shape}.");
                }
            }
        }

        return [new TensorInfo(x.Type, x.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var y = Tensor.Zeros(x.Type, x.Shape);
        if (x.Type == DataType.Float32)
        {
            float min, max;
            if (node.Opset < 11)
            {
                min = node.Attributes.GetFloat("min", float.MinValue);
                max = node.Attributes.GetFloat("max", float.MaxValue);
            }
            else
            {
                min = Bound(inputs, 1)?.Float32[0] ?? float.MinValue;
                max = Bound(inputs, 2)?.Float32[0] ?? float.MaxValue;
            }

            ClipCore<float>(x.Float32, min, max, y.Float32);
        }
        else
        {
            var visitor = new ClipVisitor(x, Bound(inputs, 1), Bound(inputs, 2), y);
            x.Type.VisitNumber<ClipVisitor, Tensor>(ref visitor);
        }

        return [y];
    }

    private static Tensor? Bound(IReadOnlyList<Tensor?> inputs, int index) => index < inputs.Count ? inputs[index] : null;

    private static void ClipCore<T>(ReadOnlySpan<T> x, T min, T max, Span<T> destination)
        where T : INumber<T>
    {
        TensorPrimitives.Max(x, min, destination);
        TensorPrimitives.Min(destination, max, destination);
    }

    /// <summary>Clips a tensor of any numeric type by the bounds present (an absent bound does not clip).</summary>
    private readonly struct ClipVisitor(Tensor x, Tensor? min, Tensor? max, Tensor y) : INumberVisitor<Tensor>
    {
        public Tensor Visit<T>()
            where T : unmanaged, INumber<T>
        {
            x.AsSpan<T>().CopyTo(y.AsSpan<T>());
            if (min is not null)
            {
                TensorPrimitives.Max(y.AsSpan<T>(), min.AsSpan<T>()[0], y.AsSpan<T>());
            }

            if (max is not null)
            {
                TensorPrimitives.Min(y.AsSpan<T>(), max.AsSpan<T>()[0], y.AsSpan<T>());
            }

            return y;
        }
    }
}
