using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>GridSample (opsets 16 and 20) against ONNX Runtime: every mode × padding × align_corners, grids reaching past the image.</summary>
public class GridSampleTests
{
    // Edges, centre, rounding ties for nearest (0 and ±0.6 land on .5 with align_corners and width 6), and positions
    // one to several image widths outside (reflected more than once).
    private static readonly double[] Special = [-1, 1, 0, 0.5, -0.5, 0.6, -0.6, 1.5, -1.5, 3.7, -4.3, 1.02, -1.02, 0.999, 7.9, -9.1];

    public static TheoryData<string, string, long> Cases()
    {
        var data = new TheoryData<string, string, long>();
        foreach (string mode in new[] { "bilinear", "nearest", "bicubic" })
        {
            foreach (string padding in new[] { "zeros", "border", "reflection" })
            {
                data.Add(mode, padding, 0L);
                data.Add(mode, padding, 1L);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_ort(string mode, string padding, long alignCorners)
    {
        Check(16, DataType.Float32, [2, 3, 5, 6], 4, 7, ("mode", mode), ("padding_mode", padding), ("align_corners", alignCorners));
    }

    [Theory]
    [InlineData(20, DataType.Float64, "cubic", "reflection", 0L)]
    [InlineData(20, DataType.Float64, "linear", "border", 1L)]
    [InlineData(20, DataType.Float32, "linear", "reflection", 1L)]
    [InlineData(20, DataType.Float32, "cubic", "border", 0L)]
    [InlineData(20, DataType.Float64, "nearest", "zeros", 0L)]
    public void Other_types_and_opset_20_names_match_ort(int opset, DataType type, string mode, string padding, long alignCorners)
    {
        Check(opset, type, [1, 2, 4, 3], 5, 5, ("mode", mode), ("padding_mode", padding), ("align_corners", alignCorners));
    }

    [Theory]
    [InlineData(new[] { 1, 1, 1, 1 }, "bilinear", "reflection", 1L)]
    [InlineData(new[] { 1, 1, 1, 1 }, "bicubic", "reflection", 0L)]
    [InlineData(new[] { 1, 2, 1, 7 }, "nearest", "reflection", 1L)]
    [InlineData(new[] { 2, 1, 9, 2 }, "bicubic", "border", 1L)]
    public void Degenerate_images_match_ort(int[] dims, string mode, string padding, long alignCorners)
    {
        if (dims[2] == 1 && dims[3] == 1 && alignCorners == 1)
        {
            // One pixel with align_corners: ONNX Runtime reflects across an empty range (division by zero); every tap is
            // that pixel, and bilinear weights sum to one.
            var model = Build(16, DataType.Float32, dims, 3, 3, ("mode", mode), ("padding_mode", padding), ("align_corners", alignCorners));
            var feeds = Feeds(DataType.Float32, dims, 3, 3);
            var y = new Memflux.Graph.Execution.ReferenceExecutor(Memflux.Onnx.OnnxImporter.Load(model, "g.onnx")).Run(feeds)["y"];
            float pixel = feeds["x"].Float32[0];
            foreach (float v in y.Float32)
            {
                Assert.Equal(pixel, v, 1e-5f);
            }

            return;
        }

        Check(16, DataType.Float32, dims, 3, 3, ("mode", mode), ("padding_mode", padding), ("align_corners", alignCorners));
    }

    [Fact]
    public void Default_attributes_are_bilinear_zeros_without_aligned_corners()
    {
        Check(16, DataType.Float32, [1, 3, 8, 8], 6, 6);
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        OperatorCheck.ImportFails(Build(16, DataType.Float32, [1, 1, 4, 4], 2, 2, ("mode", "linear")), "GridSample", "'mode' is 'linear'", "'bilinear', 'nearest' or 'bicubic'");
        OperatorCheck.ImportFails(Build(20, DataType.Float32, [1, 1, 4, 4], 2, 2, ("mode", "bicubic")), "'mode' is 'bicubic'", "'linear', 'nearest' or 'cubic'");
        OperatorCheck.ImportFails(Build(16, DataType.Float32, [1, 1, 4, 4], 2, 2, ("padding_mode", "wrap")), "'padding_mode' is 'wrap'");
        OperatorCheck.ImportFails(Build(16, DataType.Float32, [1, 1, 4, 4], 2, 2, ("align_corners", 2L)), "'align_corners' is 2");

        var badGrid = new OnnxModelBuilder(16).Input("x", [2, 1, 4, 4]).Input("grid", [1, 3, 3, 2])
            .Node("GridSample", ["x", "grid"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(badGrid, "input grid has shape [1,3,3,2]; expected [2, H_out, W_out, 2]");
        var volumetric = new OnnxModelBuilder(20).Input("x", [1, 1, 2, 4, 4]).Input("grid", [1, 2, 3, 3, 3])
            .Node("GridSample", ["x", "grid"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(volumetric, "expected rank 4", "5-D GridSample is not supported");
        var mixed = new OnnxModelBuilder(16).Input("x", [1, 1, 4, 4]).Input("grid", [1, 3, 3, 2], DataType.Float64)
            .Node("GridSample", ["x", "grid"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(mixed, "must both be Float32 or both Float64; found Float32 and Float64");
    }

    private static void Check(int opset, DataType type, int[] dims, int outHeight, int outWidth, params (string, object)[] attributes)
    {
        var model = Build(opset, type, dims, outHeight, outWidth, attributes);
        OperatorCheck.MatchesOrt(model, Feeds(type, dims, outHeight, outWidth), 1e-5f, type == DataType.Float64 ? 1e-12f : 1e-5f);
    }

    private static Dictionary<string, Tensor> Feeds(DataType type, int[] dims, int outHeight, int outWidth)
    {
        int[] gridDims = [dims[0], outHeight, outWidth, 2];
        var grid = TypedTensors.Uniform(type, 9, gridDims, -1.4, 1.4);
        for (int i = 0; i < Math.Min(grid.Length, Special.Length * 2); i++)
        {
            // Pair each special value with another for the other axis.
            double v = Special[(i / 2 * 7 % Special.Length + (i % 2 * 5)) % Special.Length];
            if (type == DataType.Float32)
            {
                grid.Float32[i] = (float)v;
            }
            else
            {
                grid.AsSpan<double>()[i] = v;
            }
        }

        return new Dictionary<string, Tensor> { ["x"] = TypedTensors.Uniform(type, 4, dims, -3, 3), ["grid"] = grid };
    }

    private static byte[] Build(int opset, DataType type, int[] dims, int outHeight, int outWidth, params (string, object)[] attributes) =>
        new OnnxModelBuilder(opset).Input("x", dims, type).Input("grid", [dims[0], outHeight, outWidth, 2], type)
            .Node("GridSample", ["x", "grid"], ["y"], attributes).Output("y", type).Build();
}
