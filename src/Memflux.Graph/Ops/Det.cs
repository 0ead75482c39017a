using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Det (opsets 11–21): the determinant of each square matrix in an fp32 or fp64 [*, M, M] input; the output has the
/// batch shape [*]. Each determinant is an LU factorisation with partial pivoting computed in fp64 (the product of the
/// pivots, negated once per row swap) and rounded once to the input type.
/// </summary>
public sealed class Det : Operator
{
    /// <inheritdoc />
    public override string OpType => "Det";

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        return [new TensorInfo(x.Type, BatchShape(node, x))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var y = Tensor.Zeros(x.Type, BatchShape(node, TensorInfo.Of(x)));
        int m = x.Shape[^1], size = m * m;
        var matrix = new double[size];
        for (int b = 0; b < y.Length; b++)
        {
            for (int i = 0; i < size; i++)
            {
                matrix[i] = x.GetAsDouble((b * size) + i);
            }

            double det = Determinant(matrix, m);
            if (x.Type == DataType.Float32)
            {
                y.Float32[b] = (float)det;
            }
            else
            {
                y.AsSpan<double>()[b] = det;
            }
        }

        return [y];
    }

    /// <inheritdoc />
    public override long CountMacs(Node node)
    {
        var shape = node.Inputs[0]?.Shape;
        if (shape is null || shape.Rank < 2)
        {
            return 0;
        }

        long m = shape[^1];
        return shape.ElementCount / Math.Max(m * m, 1) * (m * m * m / 3);
    }

    /// <summary>The determinant of the row-major <paramref name="m"/>×<paramref name="m"/> matrix in <paramref name="a"/>, which it overwrites with its LU factors.</summary>
    internal static double Determinant(Span<double> a, int m)
    {
        double det = 1;
        for (int k = 0; k < m; k++)
        {
            int pivot = k;
            for (int r = k + 1; r < m; r++)
            {
                if (Math.Abs(a[(r * m) + k]) > Math.Abs(a[(pivot * m) + k]))
                {
                    pivot = r;
                }
            }

            double p = a[(pivot * m) + k];
            if (p == 0)
            {
                // Singular: every candidate pivot in the column is zero. NaN or ±inf left in the matrix still propagate.
                foreach (double v in a[(k * m)..])
                {
                    if (!double.IsFinite(v))
                    {
                        return double.NaN;
                    }
                }

                return 0;
            }

            if (pivot != k)
            {
                for (int c = 0; c < m; c++)
                {
                    (a[(pivot * m) + c], a[(k * m) + c]) = (a[(k * m) + c], a[(pivot * m) + c]);
                }

                det = -det;
            }

            det *= p;
            for (int r = k + 1; r < m; r++)
            {
                double factor = a[(r * m) + k] / p;
                for (int c = k + 1; c < m; c++)
                {
                    a[(r * m) + c] -= factor * a[(k * m) + c];
                }
            }
        }

        return det;
    }

    private static TensorShape BatchShape(Node node, TensorInfo x)
    {
        if (x.Type is not (DataType.Float32 or DataType.Float64))
        {
            throw node.Error($"input X must be Float32 or Float64; found {x.Type}.");
        }

        if (x.Shape.Rank < 2 || x.Shape[^1] != x.Shape[^2])
        {
            throw node.Error($"input X has shape {x.Shape}; expected [*, M, M] (square matrices in the last two dimensions).");
        }

        return new TensorShape([.. x.Shape.Dimensions[..^2]]);
    }
}
