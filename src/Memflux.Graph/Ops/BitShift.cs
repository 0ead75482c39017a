using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX BitShift (opset 11+): x shifted left or right (attribute <c>direction</c>, "LEFT" or "RIGHT") by y bits,
/// elementwise with multidirectional broadcasting, over uint8, uint16, uint32 and uint64. A shift by the type's width
/// or more gives 0, as in ONNX Runtime.
/// </summary>
public sealed class BitShift : Operator
{
    /// <inheritdoc />
    public override string OpType => "BitShift";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["direction"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var info = Broadcasting.InferBinary(node, inputs);
        if (info.Type is not (DataType.UInt8 or DataType.UInt16 or DataType.UInt32 or DataType.UInt64))
        {
            throw node.Error($"inputs must be UInt8, UInt16, UInt32 or UInt64, found {info.Type}.");
        }

        Left(node);
        return [info];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var a = RequireInput(node, inputs, 0);
        var b = RequireInput(node, inputs, 1);
        var shape = Broadcasting.BroadcastShape(node, a.Shape, b.Shape);
        var x = a.Shape.Equals(shape) ? a : Broadcasting.BroadcastTo(a, shape);
        var y = b.Shape.Equals(shape) ? b : Broadcasting.BroadcastTo(b, shape);
        var result = Tensor.Zeros(a.Type, shape);
        bool left = Left(node);
        switch (a.Type)
        {
            case DataType.UInt8:
                Shift<byte>(x, y, result, left, 8);
                break;
            case DataType.UInt16:
                Shift<ushort>(x, y, result, left, 16);
                break;
            case DataType.UInt32:
                Shift<uint>(x, y, result, left, 32);
                break;
            default:
                Shift<ulong>(x, y, result, left, 64);
                break;
        }

        return [result];
    }

    private static bool Left(Node node)
    {
        if (!node.Attributes.ContainsKey("direction"))
        {
            throw node.Error("attribute 'direction' (\"LEFT\" or \"RIGHT\") is required.");
        }

        return node.Attributes.GetString("direction", "") switch
        {
            "LEFT" => true,
            "RIGHT" => false,
            var other => throw node.Error($"attribute 'direction' must be \"LEFT\" or \"RIGHT\", found \"{other}\"."),
        };
    }

    private static void Shift<T>(Tensor x, Tensor amount, Tensor result, bool left, int width)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IUnsignedNumber<T>
    {
        ReadOnlySpan<T> values = x.AsSpan<T>();
        ReadOnlySpan<T> shifts = amount.AsSpan<T>();
        Span<T> target = result.AsSpan<T>();
        var limit = T.CreateTruncating(width);
        for (int i = 0; i < target.Length; i++)
        {
            // .NET masks the shift count to the width; ONNX Runtime's result for a count ≥ width is 0.
            T s = shifts[i];
            target[i] = s >= limit ? T.Zero : left ? values[i] << int.CreateTruncating(s) : values[i] >> int.CreateTruncating(s);
        }
    }
}
