using Memflux.Graph.Execution;
using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>Det (opset 11) against ONNX Runtime: batches of square matrices, singular and pivoting cases, errors.</summary>
public class DetTests
{
    [Theory]
    [InlineData(DataType.Float32, new[] { 2, 2 })]
    [InlineData(DataType.Float32, new[] { 1, 1 })]
    [InlineData(DataType.Float32, new[] { 3, 3 })]
    [InlineData(DataType.Float32, new[] { 4, 5, 5 })]
    [InlineData(DataType.Float32, new[] { 2, 3, 7, 7 })]
    [InlineData(DataType.Float32, new[] { 1, 12, 12 })]
    public void Matches_ort(DataType type, int[] dims)
    {
        var model = new OnnxModelBuilder(11).Input("x", dims, type).Node("Det", ["x"], ["y"]).Output("y", type).Build();
        var x = TypedTensors.Uniform(type, 3, dims, -2, 2);
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x }, 1e-5f, 1e-5f);
    }

    [Theory]
    [InlineData(new[] { 1, 1 })]
    [InlineData(new[] { 3, 2, 2 })]
    [InlineData(new[] { 2, 2, 4, 4 })]
    [InlineData(new[] { 5, 5 })]
    public void Fp64_matches_the_cofactor_expansion(int[] dims)
    {
        // ONNX Runtime's CPU provider has no fp64 Det, so fp64 is checked against the definition.
        var model = new OnnxModelBuilder(11).Input("x", dims, DataType.Float64).Node("Det", ["x"], ["y"]).Output("y", DataType.Float64).Build();
        var x = TypedTensors.Uniform(DataType.Float64, 4, dims, -2, 2);
        var y = new ReferenceExecutor(OnnxImporter.Load(model, "det.onnx")).Run(new Dictionary<string, Tensor> { ["x"] = x })["y"];
        int m = dims[^1];
        var data = x.AsSpan<double>().ToArray();
        for (int b = 0; b < y.Length; b++)
        {
            double want = Cofactor(data.AsSpan(b * m * m, m * m).ToArray(), m);
            Assert.Equal(want, y.AsSpan<double>()[b], 1e-12 * Math.Max(1, Math.Abs(want)));
        }
    }

    [Fact]
    public void Singular_permuted_and_special_matrices_match_ort()
    {
        double[] values =
        [
            1, 2, 3, 2, 4, 6, 0, 1, 5, // rank 2 (singular)
            0, 1, 0, 0, 0, 1, 1, 0, 0, // a permutation (needs row swaps): +1
            0, 0, 0, 1, 2, 3, 4, 5, 6, // a zero row
            1, 2, 3, 4, 5, 6, 7, 8, 10, // -3
            float.NaN, 1, 0, 0, 1, 0, 0, 0, 1,
            1e20, 1, 0, 1, 1e-20, 0, 0, 0, 1,
        ];
        var x = TypedTensors.Of(DataType.Float32, [6, 3, 3], values);
        var model = new OnnxModelBuilder(11).Input("x", [6, 3, 3]).Node("Det", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x }, 1e-5f, 1e-5f);
    }

    [Fact]
    public void Fp64_uses_partial_pivoting()
    {
        // det = 2 − 3e-20. Eliminating below the 1e-20 pivot without a row swap leaves two rows of ≈ −1e20 that cancel to 0.
        var x = TypedTensors.Of(DataType.Float64, [3, 3], [1e-20, 1, 1, 1, 1, 2, 1, 2, 1]);
        var model = new OnnxModelBuilder(11).Input("x", [3, 3], DataType.Float64).Node("Det", ["x"], ["y"]).Output("y", DataType.Float64).Build();
        var y = new ReferenceExecutor(OnnxImporter.Load(model, "det.onnx")).Run(new Dictionary<string, Tensor> { ["x"] = x })["y"];
        Assert.Equal(2.0, y.AsSpan<double>()[0], 1e-12);
    }

    private static double Cofactor(double[] a, int m)
    {
        if (m == 1)
        {
            return a[0];
        }

        double sum = 0;
        for (int c = 0; c < m; c++)
        {
            var minor = new double[(m - 1) * (m - 1)];
            int k = 0;
            for (int r = 1; r < m; r++)
            {
                for (int j = 0; j < m; j++)
                {
                    if (j != c)
                    {
                        minor[k++] = a[(r * m) + j];
                    }
                }
            }

            sum += (c % 2 == 0 ? 1 : -1) * a[c] * Cofactor(minor, m - 1);
        }

        return sum;
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var notSquare = new OnnxModelBuilder(11).Input("x", [2, 3, 4]).Node("Det", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(notSquare, "Det", "[2,3,4]", "expected [*, M, M]");
        var vector = new OnnxModelBuilder(11).Input("x", [4]).Node("Det", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(vector, "expected [*, M, M]");
        var integers = new OnnxModelBuilder(11).Input("x", [2, 2], DataType.Int32).Node("Det", ["x"], ["y"]).Output("y", DataType.Int32).Build();
        OperatorCheck.ImportFails(integers, "must be Float32 or Float64; found Int32");
    }
}
