using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Reshape (opset 5+, shape as a constant input): 0 copies the input's dimension (or, with allowzero=1 from
/// opset 14, means a zero-size dimension) and at most one −1 is inferred. The data is shared, not copied.
/// </summary>
public sealed class Reshape : Operator
{
    /// <inheritdoc />
    public override string OpType => "Reshape";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["allowzero"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        long[] shape = OperatorInputs.RequireConstantInts(node, inputs, 1, "shape");
        return [new TensorInfo(x.Type, OutputShape(node, x.Shape, shape))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var shape = RequireInput(node, inputs, 1);
        return [x.Reshape(OutputShape(node, x.Shape, OperatorInputs.ToInt64s(shape)))];
    }

    /// <summary>
    /// known × s, saturating past the largest tensor: dimensions near 2^31 multiplied in 64 bits wrapped (four of 65536
    /// give 0), which could match the input's size (issue 18 §4). A 0 still makes the product 0.
    /// </summary>
    private static long KnownProduct(long known, long s) =>
        s == 0 ? 0 : known > int.MaxValue / s ? int.MaxValue + 1L : known * s;

    private static TensorShape OutputShape(Node node, TensorShape input, long[] shape)
    {
        bool allowZero = node.Attributes.GetInt("allowzero", 0) != 0;
        if (allowZero && node.Opset < 14)
        {
            throw node.Error("attribute 'allowzero' exists from opset 14.");
        }

        string requested = "[" + string.Join(",", shape) + "]";
        var dims = new int[shape.Length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            long s = shape[i];
            if (s == -1)
            {
                if (inferred >= 0)
                {
                    throw node.Error($"shape {requested} has more than one -1.");
                }

                inferred = i;
                continue;
            }

            if (s < -1 || s > int.MaxValue)
            {
                throw node.Error($"shape {requested} has the invalid dimension {s}.");
            }

            if (s == 0 && !allowZero)
            {
                if (i >= input.Rank)
                {
                    throw node.Error($"shape {requested} has 0 (copy the input dimension) at position {i}, but the input {input} has rank {input.Rank}.");
                }

                s = input[i];
            }

            dims[i] = (int)s;
            known = KnownProduct(known, s);
        }

        if (known > int.MaxValue)
        {
            throw node.Error($"shape {requested} holds more than {int.MaxValue} elements; the input {input} has {input.ElementCount}.");
        }

        if (inferred >= 0)
        {
            if (known == 0 || input.ElementCount % known != 0)
            {
                throw node.Error($"cannot infer the -1 in shape {requested}: the input {input} has {input.ElementCount} elements, not a multiple of {known}.");
            }

            dims[inferred] = (int)(input.ElementCount / known);
        }
        else if (known != input.ElementCount)
        {
            throw node.Error($"shape {requested} has {known} elements but the input {input} has {input.ElementCount}.");
        }

        return new TensorShape(dims);
    }
}
