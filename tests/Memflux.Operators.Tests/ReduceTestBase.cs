using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>
/// The ONNX Runtime comparisons every ReduceX operator runs: axes as attribute and as input, keepdims, negative,
/// unsorted and non-adjacent axes, size-1 and rank-0/1 inputs, inputs large enough to run in parallel, every supported
/// element type, empty axes with and without noop_with_empty_axes, and invalid nodes.
/// </summary>
/// <remarks>
/// Tolerances: fp32 |Δ| ≤ 1e-5 + 1e-4·|ort| (summation order differs from ONNX Runtime's); fp64 1e-12 + 1e-10·|ort|;
/// fp16 1e-2 + 1e-2·|ort| (Memflux reduces fp16 in fp32 and rounds once); integer types exactly.
/// </remarks>
public abstract class ReduceTestBase
{
    /// <summary>The op type under test.</summary>
    protected abstract string Op { get; }

    /// <summary>The first opset with axes as an input.</summary>
    protected virtual int AxesInputOpset => 18;

    /// <summary>The element types ONNX Runtime implements for this op (all tested).</summary>
    protected virtual DataType[] Types => [DataType.Float32, DataType.Float64, DataType.Float16, DataType.Int32, DataType.Int64];

    /// <summary>Range of the random inputs.</summary>
    protected virtual (double Low, double High) Range => (-1, 1);

    /// <summary>Range of the random integer inputs.</summary>
    protected virtual (double Low, double High) IntRange => (-20, 20);

    private sealed record Case(int[] Dims, long[]? Axes, long KeepDims);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["all_default"] = new([3, 4, 5], null, 1),
        ["all_drop"] = new([3, 4, 5], null, 0),
        ["axis1_drop"] = new([3, 4, 5], [1], 0),
        ["last_negative_keep"] = new([3, 4, 5], [-1], 1),
        ["first"] = new([5, 3, 2], [0], 1),
        ["middle_two"] = new([2, 3, 4, 5], [1, 2], 0),
        ["non_adjacent"] = new([2, 3, 4, 5], [0, 2], 1),
        ["non_adjacent_unsorted_drop"] = new([2, 3, 4, 5], [3, -3], 0),
        ["size_one_between"] = new([3, 1, 4], [0, 2], 0),
        ["size_one_axis"] = new([3, 1, 4], [1], 1),
        ["rank1"] = new([7], [0], 0),
        ["rank1_keep_default_axes"] = new([7], null, 1),
        ["scalar"] = new([], null, 0),
        ["large_strided"] = new([8, 100, 130], [1], 1),
        ["large_contiguous"] = new([300, 257], [1], 0),
        ["large_wide_inner"] = new([2, 40, 1500], [1], 0),
        ["large_non_adjacent"] = new([64, 30, 48], [0, 2], 0),
    };

    /// <summary>Case names for the theories.</summary>
    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Axes_attribute_matches_ort(string name)
    {
        var c = Cases[name];
        foreach (int opset in new[] { 11, AxesInputOpset - 1 })
        {
            var b = new OnnxModelBuilder(opset).Input("x", c.Dims);
            var attributes = new List<(string, object)> { ("keepdims", c.KeepDims) };
            if (c.Axes is not null)
            {
                attributes.Add(("axes", c.Axes));
            }

            var model = b.Node(Op, ["x"], ["y"], [.. attributes]).Output("y").Build();
            OperatorCheck.MatchesOrt(model, Input(DataType.Float32, c.Dims), 1e-5f, 1e-4f);
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Axes_input_matches_ort(string name)
    {
        var c = Cases[name];
        foreach (int opset in new[] { AxesInputOpset, 21 })
        {
            var model = AxesInputModel(opset, c.Dims, c.Axes, c.KeepDims, DataType.Float32);
            OperatorCheck.MatchesOrt(model, Input(DataType.Float32, c.Dims), 1e-5f, 1e-4f);
        }
    }

    [Fact]
    public void Every_supported_type_matches_ort()
    {
        foreach (var type in Types)
        {
            var (atol, rtol) = type switch
            {
                DataType.Float32 => (1e-5f, 1e-4f),
                DataType.Float64 => (1e-12f, 1e-10f),
                DataType.Float16 => (1e-2f, 1e-2f),
                _ => (0f, 0f),
            };
            foreach (var (dims, axes) in new (int[], long[]?)[] { ([3, 4, 5], [1]), ([3, 4, 5], [2]), ([2, 3, 4], [0, 2]), ([6], null) })
            {
                var model = AxesInputModel(AxesInputOpset, dims, axes, 1, type);
                OperatorCheck.MatchesOrt(model, Input(type, dims), atol, rtol);
            }
        }
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(0L)]
    public void Empty_axes_input_reduces_all_or_nothing(long noop)
    {
        int[] dims = [2, 3, 4];
        var model = new OnnxModelBuilder(AxesInputOpset).Input("x", dims).Initializer("axes", Tensor.FromInt64([], new TensorShape(0)))
            .Node(Op, ["x", "axes"], ["y"], ("noop_with_empty_axes", noop)).Output("y").Build();
        OperatorCheck.MatchesOrt(model, Input(DataType.Float32, dims), 1e-5f, 1e-4f);
        var omitted = new OnnxModelBuilder(AxesInputOpset).Input("x", dims).Node(Op, ["x"], ["y"], ("noop_with_empty_axes", noop)).Output("y").Build();
        OperatorCheck.MatchesOrt(omitted, Input(DataType.Float32, dims), 1e-5f, 1e-4f);
    }

    [Fact]
    public void Special_values_match_ort()
    {
        float[] values = [float.NaN, 1f, -2f, 0.5f, float.PositiveInfinity, 3f, -0f, 0f, float.NegativeInfinity, 2f, 1f, -1f, 0.25f, 0f, -0f, 100f];
        var x = TypedRandom.Floats([4, 4], values);
        foreach (long axis in new long[] { 0, 1 })
        {
            var model = AxesInputModel(AxesInputOpset, [4, 4], [axis], 1, DataType.Float32);
            OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x }, 1e-5f, 1e-4f);
        }
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        OperatorCheck.ImportFails(AxesInputModel(AxesInputOpset, [2, 3], [2], 1, DataType.Float32), $"{Op} node", "axis 2 is out of range for rank 2");
        OperatorCheck.ImportFails(AxesInputModel(AxesInputOpset, [2, 3], [1, -1], 1, DataType.Float32), "axis -1 appears twice");
        var attributeLate = new OnnxModelBuilder(AxesInputOpset).Input("x", [2, 3]).Node(Op, ["x"], ["y"], ("axes", new long[] { 0 })).Output("y").Build();
        OperatorCheck.ImportFails(attributeLate, $"from opset {AxesInputOpset} axes is input 1");
        var inputEarly = new OnnxModelBuilder(AxesInputOpset - 1).Input("x", [2, 3]).Initializer("axes", Tensor.Vector(0)).Node(Op, ["x", "axes"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(inputEarly, $"before opset {AxesInputOpset} axes is an attribute");
        var runtimeAxes = new OnnxModelBuilder(AxesInputOpset).Input("x", [2, 3]).Input("axes", [1], DataType.Int64).Node(Op, ["x", "axes"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(runtimeAxes, "input 1 (axes)", "computed at run time");
        var noopEarly = new OnnxModelBuilder(AxesInputOpset - 1).Input("x", [2, 3]).Node(Op, ["x"], ["y"], ("noop_with_empty_axes", 1L)).Output("y").Build();
        OperatorCheck.ImportFails(noopEarly, $"'noop_with_empty_axes' exists only from opset {AxesInputOpset}");
        var badKeepDims = new OnnxModelBuilder(AxesInputOpset).Input("x", [2, 3]).Node(Op, ["x"], ["y"], ("keepdims", 2L)).Output("y").Build();
        OperatorCheck.ImportFails(badKeepDims, "'keepdims' (2)");
        var unsupported = new OnnxModelBuilder(AxesInputOpset).Input("x", [2, 3], DataType.UInt16).Node(Op, ["x"], ["y"]).Output("y", DataType.UInt16).Build();
        OperatorCheck.ImportFails(unsupported, "input data is UInt16");
    }

    private byte[] AxesInputModel(int opset, int[] dims, long[]? axes, long keepDims, DataType type)
    {
        var b = new OnnxModelBuilder(opset).Input("x", dims, type);
        if (axes is null)
        {
            return b.Node(Op, ["x"], ["y"], ("keepdims", keepDims)).Output("y", type).Build();
        }

        return b.Initializer("axes", Tensor.Vector(axes)).Node(Op, ["x", "axes"], ["y"], ("keepdims", keepDims)).Output("y", type).Build();
    }

    private Dictionary<string, Tensor> Input(DataType type, int[] dims)
    {
        var (low, high) = type.IsFloatingPoint() ? Range : IntRange;
        return new() { ["x"] = TypedRandom.Of(type, dims, seed: dims.Sum() + 7, low, high) };
    }
}
