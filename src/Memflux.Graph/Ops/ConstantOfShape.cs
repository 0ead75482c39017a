using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX ConstantOfShape (opset 9+): a tensor of the shape given by the constant int64 input, every element the one
/// element of the attribute <c>value</c> (any element type; default fp32 0).
/// </summary>
public sealed class ConstantOfShape : Operator
{
    /// <inheritdoc />
    public override string OpType => "ConstantOfShape";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["value"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var value = Value(node);
        return [new TensorInfo(value.Type, OutputShape(node, OperatorInputs.RequireConstantInts(node, inputs, 0, "shape")))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var value = Value(node);
        var y = Tensor.Zeros(value.Type, OutputShape(node, OperatorInputs.ToInt64s(RequireInput(node, inputs, 0))));
        Fill(y, value);
        return [y];
    }

    /// <summary>Fills <paramref name="y"/> with the one element of <paramref name="value"/> (same type).</summary>
    internal static void Fill(Tensor y, Tensor value)
    {
        switch (y.Type.Size())
        {
            case 1: y.Bits<byte>().Fill(value.Bits<byte>()[0]); break;
            case 2: y.Bits<ushort>().Fill(value.Bits<ushort>()[0]); break;
            case 4: y.Bits<uint>().Fill(value.Bits<uint>()[0]); break;
            default: y.Bits<ulong>().Fill(value.Bits<ulong>()[0]); break;
        }
    }

    private static Tensor Value(Node node)
    {
        if (!node.Attributes.ContainsKey("value"))
        {
            return Tensor.Scalar(0f);
        }

        var value = node.Attributes.GetTensor("value") ?? throw node.Error("attribute 'value' must be a tensor.");
        if (value.Length != 1)
        {
            throw node.Error($"attribute 'value' must hold exactly one element, found shape {value.Shape}.");
        }

        return value;
    }

    private static TensorShape OutputShape(Node node, long[] dims)
    {
        foreach (long d in dims)
        {
            if (d < 0 || d > int.MaxValue)
            {
                throw node.Error($"shape [{string.Join(",", dims)}] has the invalid dimension {d} (dimensions must be 0 or more).");
            }
        }

        return new TensorShape([.. dims.Select(d => (int)d)]);
    }
}
