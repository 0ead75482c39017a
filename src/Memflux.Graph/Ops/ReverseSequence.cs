using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX ReverseSequence (opset 10): for each batch entry b, reverses the first sequence_lens[b] elements along
/// <c>time_axis</c> (default 0) and copies the rest; <c>batch_axis</c> (default 1) and time_axis are 0 and 1 in
/// either order. sequence_lens is int64 (it may be computed at run time); any element type.
/// </summary>
public sealed class ReverseSequence : Operator
{
    /// <inheritdoc />
    public override string OpType => "ReverseSequence";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["batch_axis", "time_axis"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        Axes(node, x.Shape, RequireInput(node, inputs, 1), out _, out _);
        return [new TensorInfo(x.Type, x.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var lengths = RequireInput(node, inputs, 1);
        Axes(node, x.Shape, TensorInfo.Of(lengths), out int batchAxis, out int timeAxis);
        int batch = x.Shape[batchAxis], time = x.Shape[timeAxis];
        int inner = OperatorInputs.Product(x.Shape.Dimensions, 2, x.Shape.Rank);
        int batchStride = batchAxis == 0 ? time * inner : inner;
        int timeStride = timeAxis == 0 ? batch * inner : inner;
        var source = new int[x.Length];
        long[] lengthOf = OperatorInputs.ToInt64s(lengths);
        for (int b = 0; b < batch; b++)
        {
            long length = lengthOf[b];
            if (length < 0 || length > time)
            {
                throw node.Error($"sequence_lens[{b}] is {length}; it must be 0 to {time}, the size of the time axis of input {x.Shape}.");
            }

            for (int t = 0; t < time; t++)
            {
                int from = t < length ? (int)length - 1 - t : t;
                for (int i = 0; i < inner; i++)
                {
                    source[(b * batchStride) + (t * timeStride) + i] = (b * batchStride) + (from * timeStride) + i;
                }
            }
        }

        var y = Tensor.Zeros(x.Type, x.Shape);
        IndexedCopy.Gather(x, source, y);
        return [y];
    }

    private static void Axes(Node node, TensorShape x, TensorInfo lengths, out int batchAxis, out int timeAxis)
    {
        long b = node.Attributes.GetInt("batch_axis", 1), t = node.Attributes.GetInt("time_axis", 0);
        if (!((b == 0 && t == 1) || (b == 1 && t == 0)))
        {
            throw node.Error($"batch_axis {b} and time_axis {t} must be 0 and 1 in some order.");
        }

        if (x.Rank < 2)
        {
            throw node.Error($"input 0 must have rank 2 or more, found shape {x}.");
        }

        batchAxis = (int)b;
        timeAxis = (int)t;
        if (lengths.Type != DataType.Int64 || lengths.Shape.Rank != 1 || lengths.Shape[0] != x[batchAxis])
        {
            throw node.Error($"input 1 (sequence_lens) must be an int64 vector of {x[batchAxis]} (the batch size of input {x}), found {lengths.Type}{lengths.Shape}.");
        }
    }
}
