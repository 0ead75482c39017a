using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class BitShiftTests
{
    public static TheoryData<DataType, string> Cases()
    {
        var data = new TheoryData<DataType, string>();
        foreach (var type in new[] { DataType.UInt8, DataType.UInt16, DataType.UInt32, DataType.UInt64 })
        {
            data.Add(type, "LEFT");
            data.Add(type, "RIGHT");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Shifts_including_counts_at_and_past_the_width_match_ort(DataType type, string direction)
    {
        int width = type.Size() * 8;
        double[] x = [1e30, 1e30, 1e30, 1e30, 1e30, 1e30, 5, 0, 200, 1];
        double[] s = [0, 1, width - 1, width, width + 1, 255, 2, 3, 1, width - 1];
        var model = new OnnxModelBuilder(11).Input("x", [x.Length], type).Input("s", [s.Length], type)
            .Node("BitShift", ["x", "s"], ["y"], ("direction", direction)).Output("y", type).Build();
        var inputs = new Dictionary<string, Tensor> { ["x"] = TypedTensors.Vector(type, x), ["s"] = TypedTensors.Vector(type, s) };
        if (type == DataType.UInt16)
        {
            // ONNX Runtime's CPU provider has no uint16 BitShift: the same shifts in uint32, narrowed.
            var wide = new OnnxModelBuilder(11).Input("x", [x.Length], DataType.UInt32).Input("s", [s.Length], DataType.UInt32)
                .Node("BitShift", ["x", "s"], ["y"], ("direction", direction)).Output("y", DataType.UInt32).Build();
            double[] x32 = [.. x.Select(v => Math.Min(v, ushort.MaxValue))];
            double[] s32 = [.. s.Select(v => v >= 16 ? 32 : v)];
            var expected = OrtOracle.Run(wide, new Dictionary<string, Tensor> { ["x"] = TypedTensors.Vector(DataType.UInt32, x32), ["s"] = TypedTensors.Vector(DataType.UInt32, s32) })["y"];
            var narrowed = Tensor.From(expected.AsSpan<uint>().ToArray().Select(v => (ushort)v).ToArray(), expected.Shape);
            var actual = new Memflux.Graph.Execution.ReferenceExecutor(Memflux.Onnx.OnnxImporter.Load(model, "t.onnx")).Run(inputs)["y"];
            OperatorCheck.AssertClose(narrowed, actual, 0, 0);
            return;
        }

        OperatorCheck.MatchesOrt(model, inputs, 0, 0);
    }

    [Theory]
    [MemberData(nameof(BinaryOpTests.Shapes), MemberType = typeof(BinaryOpTests))]
    public void Broadcasting_matches_ort(int[] a, int[] b)
    {
        var model = new OnnxModelBuilder(11).Input("x", a, DataType.UInt32).Input("s", b, DataType.UInt32)
            .Node("BitShift", ["x", "s"], ["y"], ("direction", "LEFT")).Output("y", DataType.UInt32).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor>
        {
            ["x"] = TypedTensors.Uniform(DataType.UInt32, 1, a, 0, 1e6),
            ["s"] = TypedTensors.Uniform(DataType.UInt32, 2, b, 0, 40),
        }, 0, 0);
    }

    [Fact]
    public void Missing_or_bad_direction_and_signed_inputs_are_clear_errors()
    {
        var none = new OnnxModelBuilder(11).Input("x", [2], DataType.UInt8).Input("s", [2], DataType.UInt8).Node("BitShift", ["x", "s"], ["y"]).Output("y", DataType.UInt8).Build();
        OperatorCheck.ImportFails(none, "BitShift node", "'direction'", "is required");
        var bad = new OnnxModelBuilder(11).Input("x", [2], DataType.UInt8).Input("s", [2], DataType.UInt8).Node("BitShift", ["x", "s"], ["y"], ("direction", "left")).Output("y", DataType.UInt8).Build();
        OperatorCheck.ImportFails(bad, "BitShift node", "\"LEFT\" or \"RIGHT\"", "found \"left\"");
        var signed = new OnnxModelBuilder(11).Input("x", [2], DataType.Int32).Input("s", [2], DataType.Int32).Node("BitShift", ["x", "s"], ["y"], ("direction", "LEFT")).Output("y", DataType.Int32).Build();
        OperatorCheck.ImportFails(signed, "BitShift node", "UInt8, UInt16, UInt32 or UInt64", "found Int32");
    }
}
