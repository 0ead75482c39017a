using Memflux.Graph;
using Memflux.Numerics;

namespace Memflux.Chip.Analog;

/// <summary>
/// ONNX Gemm with a constant B on crossbars: Y = alpha·(op(A)·op(B)) + beta·C, where op(B) is the crossbar matrix and
/// alpha, beta·C (the bias) are applied digitally after the ADCs.
/// </summary>
public sealed class AnalogGemm : AnalogLayer
{
    private readonly bool _transA;
    private readonly float _alpha;
    private readonly float _beta;

    private readonly Tensor _weight;
    private readonly bool _transB;

    private AnalogGemm(Node node, int k, int n, Tensor weight, bool transB)
        : base(node, k, n, groups: 1)
    {
        _weight = weight;
        _transB = transB;
        _transA = node.Attributes.GetInt("transA", 0) != 0;
        _alpha = node.Attributes.GetFloat("alpha", 1f);
        _beta = node.Attributes.GetFloat("beta", 1f);
    }

    /// <summary>Maps a Gemm whose B is constant; null when B is computed at run time.</summary>
    public static AnalogGemm? TryCreate(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Inputs[1]?.Constant is not { Type: DataType.Float32, Shape.Rank: 2 } b)
        {
            return null;
        }

        bool transB = node.Attributes.GetInt("transB", 0) != 0;
        int k = transB ? b.Shape[1] : b.Shape[0], n = transB ? b.Shape[0] : b.Shape[1];
        return new AnalogGemm(node, k, n, b, transB);
    }

    /// <inheritdoc/>
    public override ReadOnlyMemory<float> WeightMatrix(int group)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(group, 0);
        return _transB ? Transposed(_weight.Float32, Outputs, Inputs) : _weight.Float32Array.AsMemory(0, Inputs * Outputs);
    }

    /// <inheritdoc/>
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(inputs);
        var a = Input(inputs, 0);
        int m = _transA ? a.Shape[1] : a.Shape[0];
        int k = _transA ? a.Shape[0] : a.Shape[1];
        if (a.Shape.Rank != 2 || k != Inputs)
        {
            throw new MemfluxException($"{Description}: input A has shape {a.Shape}; expected a matrix with {Inputs} columns{(_transA ? " after transA" : "")}.");
        }

        ReadOnlySpan<float> x = _transA ? Transposed(a.Float32, k, m) : a.Float32;
        var y = Tensor.Uninitialized(DataType.Float32, new TensorShape(m, Outputs));
        var data = y.Float32;
        Matrix(0).Multiply(x, m, data);
        if (_alpha != 1f)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(data, _alpha, data);
        }

        if (inputs.Count > 2 && inputs[2] is { } c && _beta != 0f)
        {
            AddBias(c, m, data);
        }

        return [y];
    }

    private void AddBias(Tensor c, int m, Span<float> y)
    {
        int rows = c.Shape.Rank == 2 ? c.Shape[0] : 1;
        int cols = c.Shape.Rank == 0 ? 1 : c.Shape[c.Shape.Rank - 1];
        var bias = c.Float32;
        for (int i = 0; i < m; i++)
        {
            var row = y.Slice(i * Outputs, Outputs);
            var src = bias.Slice((rows == 1 ? 0 : i) * cols, cols);
            for (int j = 0; j < Outputs; j++)
            {
                row[j] += _beta * src[cols == 1 ? 0 : j];
            }
        }
    }

    private static float[] Transposed(ReadOnlySpan<float> source, int rows, int cols)
    {
        var t = new float[source.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                t[(c * rows) + r] = source[(r * cols) + c];
            }
        }

        return t;
    }
}
