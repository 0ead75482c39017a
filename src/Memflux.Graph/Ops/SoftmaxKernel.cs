using Memflux.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>
/// Shared Softmax / LogSoftmax. Before opset 13 the input is coerced to 2-D at <c>axis</c> (default 1) and normalized
/// over the whole trailing block; from opset 13 it is normalized along <c>axis</c> alone (default −1).
/// </summary>
internal static class SoftmaxKernel
{
    public static TensorInfo Infer(Node node, TensorInfo x)
    {
        _ = Layout(node, x.Shape, x.Type);
        return new TensorInfo(DataType.Float32, x.Shape);
    }

    public static Tensor Run(Node node, Tensor x, bool log)
    {
        var (outer, length, inner) = Layout(node, x.Shape, x.Type);
        var y = Tensor.Zeros(DataType.Float32, x.Shape);
        if (length == 0)
        {
            return y;
        }

        var xs = x.Float32;
        var ys = y.Float32;
        int block = length * inner;
        float[]? scratch = inner > 1 ? new float[2 * inner] : null;
        for (int o = 0; o < outer; o++)
        {
            var src = xs.Slice(o * block, block);
            var dst = ys.Slice(o * block, block);
            if (inner == 1)
            {
                Contiguous(src, dst, log);
            }
            else
            {
                Strided(src, dst, length, inner, scratch!, log);
            }
        }

        return y;
    }

    private static void Contiguous(ReadOnlySpan<float> x, Span<float> y, bool log)
    {
        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        if (log)
        {
            // y = x − max − log Σ exp(x − max); the exponentials go through a temporary so y keeps x − max.
            float[] e = new float[x.Length];
            TensorPrimitives.Exp(y, e);
            float logSum = MathF.Log(TensorPrimitives.Sum(e));
            TensorPrimitives.Subtract(y, logSum, y);
        }
        else
        {
            TensorPrimitives.Exp(y, y);
            TensorPrimitives.Divide(y, TensorPrimitives.Sum(y), y);
        }
    }

    /// <summary>Along a non-innermost axis: rows of length <paramref name="inner"/>, reduced elementwise across <paramref name="length"/> rows.</summary>
    private static void Strided(ReadOnlySpan<float> x, Span<float> y, int length, int inner, float[] scratch, bool log)
    {
        var max = scratch.AsSpan(0, inner);
        var sum = scratch.AsSpan(inner, inner);
        x[..inner].CopyTo(max);
        for (int r = 1; r < length; r++)
        {
            TensorPrimitives.Max(max, x.Slice(r * inner, inner), max);
        }

        sum.Clear();
        for (int r = 0; r < length; r++)
        {
            var row = y.Slice(r * inner, inner);
            TensorPrimitives.Subtract(x.Slice(r * inner, inner), max, row);
            if (log)
            {
                for (int i = 0; i < inner; i++)
                {
                    sum[i] += MathF.Exp(row[i]);
                }
            }
            else
            {
                TensorPrimitives.Exp(row, row);
                TensorPrimitives.Add(sum, row, sum);
            }
        }

        if (log)
        {
            TensorPrimitives.Log(sum, sum);
        }

        for (int r = 0; r < length; r++)
        {
            var row = y.Slice(r * inner, inner);
            if (log)
            {
                TensorPrimitives.Subtract(row, sum, row);
            }
            else
            {
                TensorPrimitives.Divide(row, sum, row);
            }
        }
    }

    private static (int Outer, int Length, int Inner) Layout(Node node, TensorShape shape, DataType type)
    {
        if (type != DataType.Float32)
        {
            throw node.Error($"input must be Float32; found {type}.");
        }

        bool legacy = node.Opset < 13;
        long attr = node.Attributes.GetInt("axis", legacy ? 1 : -1);
        if (shape.Rank == 0)
        {
            throw node.Error("input is a scalar; expected rank 1 or more.");
        }

        long a = attr < 0 ? attr + shape.Rank : attr;
        if (a < 0 || a >= shape.Rank)
        {
            throw node.Error($"attribute 'axis' is {attr}, out of range for input {shape} (rank {shape.Rank}).");
        }

        int axis = (int)a, outer = 1, after = 1;
        for (int i = 0; i < axis; i++)
        {
            outer *= shape[i];
        }

        for (int i = axis + 1; i < shape.Rank; i++)
        {
            after *= shape[i];
        }

        // Opsets 1–12 flatten to [outer, rest] and normalize each row as a whole.
        return legacy ? (outer, shape[axis] * after, 1) : (outer, shape[axis], after);
    }
}
