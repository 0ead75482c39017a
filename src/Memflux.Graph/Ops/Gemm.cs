using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Gemm (opsets 7–21): Y = alpha·op(A)·op(B) + beta·C, with C broadcast unidirectionally to (M, N).
/// C is required before opset 11 and optional from it; the opset-6 <c>broadcast</c> attribute is accepted up to opset 8.
/// </summary>
public sealed class Gemm : Operator
{
    /// <inheritdoc />
    public override string OpType => "Gemm";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = ["alpha", "beta", "broadcast", "transA", "transB"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var a = RequireInput(node, inputs, 0);
        var b = RequireInput(node, inputs, 1);
        var c = inputs.Count > 2 ? inputs[2] : null;
        var p = Resolve(node, a.Shape, b.Shape, c?.Shape, [a.Type, b.Type, c?.Type ?? DataType.Float32]);
        return [new TensorInfo(DataType.Float32, new TensorShape(p.M, p.N))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var a = RequireInput(node, inputs, 0);
        var b = RequireInput(node, inputs, 1);
        var c = inputs.Count > 2 ? inputs[2] : null;
        var p = Resolve(node, a.Shape, b.Shape, c?.Shape, [a.Type, b.Type, c?.Type ?? DataType.Float32]);
        var y = Tensor.Zeros(DataType.Float32, new TensorShape(p.M, p.N));
        var yData = y.Float32;
        float beta = c is null ? 0f : p.Beta;
        if (beta != 0f)
        {
            BroadcastInto(c!.Shape, c.Float32, p.M, p.N, yData);
        }

        Numerics.Gemm.Multiply(p.TransA, p.TransB, p.M, p.N, p.K, p.Alpha, a.Float32, a.Shape[1], b.Float32, b.Shape[1], beta, yData, p.N);
        return [y];
    }

    /// <inheritdoc />
    public override long CountMacs(Node node)
    {
        var a = node.Inputs[0]?.Shape ?? throw node.Error("input A shape is unknown; run shape inference before counting MACs.");
        var y = node.Outputs[0].Shape ?? throw node.Error("output shape is unknown; run shape inference before counting MACs.");
        int k = node.Attributes.GetInt("transA", 0) != 0 ? a[0] : a[1];
        return (long)y.ElementCount * k;
    }

    private static void BroadcastInto(TensorShape cShape, ReadOnlySpan<float> c, int m, int n, Span<float> y)
    {
        int rows = cShape.Rank == 2 ? cShape[0] : 1;
        int cols = cShape.Rank == 0 ? 1 : cShape[cShape.Rank - 1];
        for (int i = 0; i < m; i++)
        {
            var row = y.Slice(i * n, n);
            var src = c.Slice((rows == 1 ? 0 : i) * cols, cols);
            if (cols == 1)
            {
                row.Fill(src[0]);
            }
            else
            {
                src.CopyTo(row);
            }
        }
    }

    private static Params Resolve(Node node, TensorShape a, TensorShape b, TensorShape? c, ReadOnlySpan<DataType> types)
    {
        foreach (var t in types)
        {
            if (t != DataType.Float32)
            {
                throw node.Error($"inputs must be Float32; found {t}.");
            }
        }

        if (a.Rank != 2 || b.Rank != 2)
        {
            throw node.Error($"inputs A {a} and B {b} must both be 2-D matrices.");
        }

        bool transA = ReadFlag(node, "transA"), transB = ReadFlag(node, "transB");
        int m = transA ? a[1] : a[0], k = transA ? a[0] : a[1];
        int kb = transB ? b[1] : b[0], n = transB ? b[0] : b[1];
        if (k != kb)
        {
            throw node.Error($"inner dimensions differ: op(A) is {m}×{k} (A {a}, transA={(transA ? 1 : 0)}), op(B) is {kb}×{n} (B {b}, transB={(transB ? 1 : 0)}).");
        }

        if (c is null && node.Opset < 11)
        {
            throw node.Error("input C is required before opset 11.");
        }

        if (node.Attributes.ContainsKey("broadcast"))
        {
            if (node.Opset > 8)
            {
                throw node.Error("attribute 'broadcast' was removed in opset 7 (Gemm broadcasts C unidirectionally); it is accepted only up to opset 8.");
            }

            long broadcast = node.Attributes.GetInt("broadcast", 0);
            if (broadcast is not (0 or 1))
            {
                throw node.Error($"attribute 'broadcast' is {broadcast}; expected 0 or 1.");
            }

            if (broadcast == 0 && c is not null && !(c.Rank == 2 && c[0] == m && c[1] == n))
            {
                throw node.Error($"C has shape {c} but broadcast=0 requires exactly [{m},{n}].");
            }
        }

        if (c is not null && !BroadcastsTo(c, m, n))
        {
            throw node.Error($"C has shape {c}, which does not broadcast unidirectionally to the output [{m},{n}].");
        }

        return new Params(m, n, k, transA, transB, node.Attributes.GetFloat("alpha", 1f), node.Attributes.GetFloat("beta", 1f));
    }

    private static bool BroadcastsTo(TensorShape c, int m, int n) => c.Rank switch
    {
        0 => true,
        1 => c[0] == n || c[0] == 1,
        2 => (c[0] == m || c[0] == 1) && (c[1] == n || c[1] == 1),
        _ => false,
    };

    private static bool ReadFlag(Node node, string name)
    {
        long v = node.Attributes.GetInt(name, 0);
        return v is 0 or 1 ? v == 1 : throw node.Error($"attribute '{name}' is {v}; expected 0 or 1.");
    }

    private readonly record struct Params(int M, int N, int K, bool TransA, bool TransB, float Alpha, float Beta);
}
