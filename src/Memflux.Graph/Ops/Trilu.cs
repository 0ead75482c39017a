using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Trilu (opset 14): keeps the upper (<c>upper</c> = 1, default: j − i ≥ k) or lower (j − i ≤ k) triangle of
/// each matrix in the last two dimensions and zeroes the rest; k is the optional int64 scalar input 1 (default 0,
/// may be computed at run time). Any element type; leading dimensions are batches.
/// </summary>
public sealed class Trilu : Operator
{
    /// <inheritdoc />
    public override string OpType => "Trilu";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["upper"];

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        if (x.Shape.Rank < 2)
        {
            throw node.Error($"input 0 must have rank 2 or more, found shape {x.Shape}.");
        }

        if (inputs.Count > 1 && inputs[1] is { } k && (k.Type != DataType.Int64 || k.Shape.ElementCount != 1))
        {
            throw node.Error($"input 1 (k) must be an int64 scalar, found {k.Type}{k.Shape}.");
        }

        return [new TensorInfo(x.Type, x.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        InferOutputs(node, OperatorInputs.Describe(inputs));

        // Clamped to ±(rows + cols), which keeps or zeroes the same elements: i + long.MaxValue wrapped negative and
        // kept the rows an upper triangle that far off the diagonal must zero (issue 18 §4).
        long k = inputs.Count > 1 && inputs[1] is { } kk ? kk.Int64[0] : 0;
        k = Math.Clamp(k, -((long)x.Shape[^2] + x.Shape[^1]), (long)x.Shape[^2] + x.Shape[^1]);
        bool upper = node.Attributes.GetInt("upper", 1) != 0;
        var y = x.Clone();
        int rows = x.Shape[^2], cols = x.Shape[^1];
        switch (x.Type.Size())
        {
            case 1: Zero(y.Bits<byte>(), rows, cols, k, upper); break;
            case 2: Zero(y.Bits<ushort>(), rows, cols, k, upper); break;
            case 4: Zero(y.Bits<uint>(), rows, cols, k, upper); break;
            default: Zero(y.Bits<ulong>(), rows, cols, k, upper); break;
        }

        return [y];
    }

    /// <summary>Zeroes, in every rows×cols matrix of <paramref name="y"/>, the elements outside the kept triangle.</summary>
    private static void Zero<T>(Span<T> y, int rows, int cols, long k, bool upper)
        where T : unmanaged
    {
        int matrix = rows * cols;
        for (int start = 0; start < y.Length; start += matrix)
        {
            for (int i = 0; i < rows; i++)
            {
                var row = y.Slice(start + (i * cols), cols);

                // Kept columns: j ≥ i + k (upper) or j ≤ i + k (lower); the zeroed part is one run.
                long boundary = i + k;
                if (upper)
                {
                    row[..(int)Math.Clamp(boundary, 0, cols)].Clear();
                }
                else
                {
                    row[(int)Math.Clamp(boundary + 1, 0, cols)..].Clear();
                }
            }
        }
    }
}
