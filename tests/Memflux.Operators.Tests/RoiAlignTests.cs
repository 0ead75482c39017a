using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>RoiAlign (opsets 10 and 16) against ONNX Runtime: both modes, both coordinate transforms, adaptive and fixed sampling.</summary>
public class RoiAlignTests
{
    // Regions (x1, y1, x2, y2) in input coordinates: inside, touching the border, partly and wholly outside, inverted, tiny.
    private static readonly double[] Rois =
    [
        0, 0, 9, 9,
        1.3, 2.7, 6.1, 5.2,
        -3, -2, 4, 12,
        8.5, 8.5, 14, 15,
        20, 20, 30, 30,
        5, 5, 3, 4,
        4.2, 4.2, 4.3, 4.25,
    ];

    [Theory]
    [InlineData(10, DataType.Float32, "avg", null, 3, 2, 0L, 1f)]
    [InlineData(10, DataType.Float32, "max", null, 2, 2, 2L, 0.5f)]
    [InlineData(16, DataType.Float32, "avg", "half_pixel", 5, 5, 2L, 1f)]
    [InlineData(16, DataType.Float32, "avg", null, 4, 3, 0L, 0.5f)]
    [InlineData(16, DataType.Float32, "max", "output_half_pixel", 3, 4, 0L, 1f)]
    [InlineData(16, DataType.Float32, "max", "half_pixel", 1, 1, 3L, 0.25f)]
    [InlineData(16, DataType.Float64, "avg", "half_pixel", 3, 3, 0L, 1f)]
    [InlineData(10, DataType.Float64, "max", null, 2, 3, 2L, 0.5f)]
    public void Matches_ort(int opset, DataType type, string mode, string? transform, long height, long width, long sampling, float scale)
    {
        int[] dims = [2, 3, 10, 11];
        var attributes = new List<(string, object)> { ("mode", mode), ("output_height", height), ("output_width", width), ("sampling_ratio", sampling), ("spatial_scale", scale) };
        if (transform is not null)
        {
            attributes.Add(("coordinate_transformation_mode", transform));
        }

        int count = Rois.Length / 4;
        var model = new OnnxModelBuilder(opset).Input("x", dims, type).Input("rois", [count, 4], type).Input("b", [count], DataType.Int64)
            .Node("RoiAlign", ["x", "rois", "b"], ["y"], [.. attributes]).Output("y", type).Build();
        var feeds = new Dictionary<string, Tensor>
        {
            ["x"] = TypedTensors.Uniform(type, 5, dims, -3, 3),
            ["rois"] = TypedTensors.Of(type, [count, 4], Rois),
            ["b"] = Tensor.FromInt64([.. Enumerable.Range(0, count).Select(i => (long)(i % 2))], new TensorShape(count)),
        };
        OperatorCheck.MatchesOrt(model, feeds, 1e-5f, type == DataType.Float64 ? 1e-12f : 1e-5f);
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        OperatorCheck.ImportFails(Build(16, ("mode", "min")), "'mode' is 'min'");
        OperatorCheck.ImportFails(Build(10, ("coordinate_transformation_mode", "half_pixel")), "exists from opset 16");
        OperatorCheck.ImportFails(Build(16, ("coordinate_transformation_mode", "align_corners")), "expected 'half_pixel' or 'output_half_pixel'");
        OperatorCheck.ImportFails(Build(16, ("output_height", 0L)), "output_height 0");
        var badRois = new OnnxModelBuilder(16).Input("x", [1, 1, 4, 4]).Input("rois", [2, 5]).Input("b", [2], DataType.Int64)
            .Node("RoiAlign", ["x", "rois", "b"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(badRois, "must be [num_rois, 4] and [num_rois]");

        var feeds = new Dictionary<string, Tensor>
        {
            ["x"] = RandomTensors.Uniform(1, [1, 1, 4, 4]),
            ["rois"] = Tensor.FromFloat32([0, 0, 2, 2], new TensorShape(1, 4)),
            ["b"] = Tensor.FromInt64([1], new TensorShape(1)),
        };
        OperatorCheck.RunFails(Build(16), feeds, "batch_indices holds 1 at position 0");
    }

    private static byte[] Build(int opset, params (string, object)[] attributes) =>
        new OnnxModelBuilder(opset).Input("x", [1, 1, 4, 4]).Input("rois", [1, 4]).Input("b", [1], DataType.Int64)
            .Node("RoiAlign", ["x", "rois", "b"], ["y"], attributes).Output("y").Build();
}
