using Google.Protobuf;
using Memflux.Graph.Execution;
using Memflux.Numerics;
using Memflux.TestSupport;
using Onnx;
using static Memflux.Onnx.Tests.ModelFixtures;

namespace Memflux.Onnx.Tests;

public class ElementTypeTests
{
    public static TheoryData<DataType> Types => [.. DataTypes.All];

    [Theory]
    [MemberData(nameof(Types))]
    public void Every_type_round_trips_through_raw_data_and_the_exporter(DataType type)
    {
        var values = Sample(type);
        var model = new OnnxModelBuilder(14).Input("x", [1], type).Initializer("c", values, raw: true)
            .Node("Identity", ["c"], ["y"]).Node("Identity", ["x"], ["z"]).Output("y", type).Output("z", type).Build();

        var graph = OnnxImporter.Load(model, "m.onnx");
        var c = graph.FindValue("c")!.Constant!;
        Assert.Equal(type, c.Type);
        Assert.Equal(values.Bytes.ToArray(), c.Bytes.ToArray());
        Assert.Equal(type, graph.Inputs[0].Type);

        var reread = OnnxImporter.Load(OnnxExporter.ToBytes(graph), "again.onnx");
        Assert.Equal(values.Bytes.ToArray(), reread.FindValue("c")!.Constant!.Bytes.ToArray());
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Every_type_reads_from_its_typed_field(DataType type)
    {
        var values = Sample(type);
        var proto = new TensorProto { Name = "c", DataType = (int)OnnxTypes.ToOnnx(type) };
        proto.Dims.Add(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            switch (type)
            {
                case DataType.Float32: proto.FloatData.Add(values.Float32[i]); break;
                case DataType.Float64: proto.DoubleData.Add(values.AsSpan<double>()[i]); break;
                case DataType.Int64: proto.Int64Data.Add(values.Int64[i]); break;
                case DataType.UInt32: proto.Uint64Data.Add(values.AsSpan<uint>()[i]); break;
                case DataType.UInt64: proto.Uint64Data.Add(values.AsSpan<ulong>()[i]); break;
                case DataType.Float16: proto.Int32Data.Add(values.Bits<ushort>()[i]); break;
                default: proto.Int32Data.Add((int)values.GetAsInt64(i)); break;
            }
        }

        var builder = new OnnxModelBuilder(14).Input("x", [1]).Node("Identity", ["x"], ["y"]).Output("y");
        var graph = OnnxImporter.Load(Edit(builder, m => m.Graph.Initializer.Add(proto)), "m.onnx");

        Assert.Equal(values.Bytes.ToArray(), graph.FindValue("c")!.Constant!.Bytes.ToArray());
    }

    [Fact]
    public void Raw_bool_bytes_other_than_zero_read_as_true()
    {
        var proto = new TensorProto { Name = "c", DataType = (int)TensorProto.Types.DataType.Bool, RawData = ByteString.CopyFrom(0, 1, 7, 255) };
        proto.Dims.Add(4);
        var builder = new OnnxModelBuilder(14).Input("x", [1]).Node("Identity", ["x"], ["y"]).Output("y");
        var c = OnnxImporter.Load(Edit(builder, m => m.Graph.Initializer.Add(proto)), "m.onnx").FindValue("c")!.Constant!;

        Assert.Equal([false, true, true, true], c.AsSpan<bool>().ToArray());
        Assert.Equal([0, 1, 1, 1], c.Bytes.ToArray());
    }

    [Fact]
    public void Unsigned_elements_read_unsigned_and_spans_need_the_exact_type()
    {
        // The CLR lets a byte[] pass as sbyte[] (and uint[] as int[]): reads must follow the tensor's type, not the array's.
        var bytes = Tensor.From(new byte[] { 200 }, new TensorShape(1));
        var words = Tensor.From(new uint[] { 3_000_000_000 }, new TensorShape(1));
        Assert.Equal(200, bytes.GetAsDouble(0));
        Assert.Equal(200, bytes.GetAsInt64(0));
        Assert.Equal(3_000_000_000L, words.GetAsInt64(0));
        Assert.Throws<InvalidOperationException>(() => bytes.AsSpan<sbyte>().Length);
        Assert.Throws<InvalidOperationException>(() => words.AsSpan<int>().Length);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Every_type_flows_through_the_executor_as_onnx_runtime_passes_it(DataType type)
    {
        var model = new OnnxModelBuilder(14).Input("x", [2, 3], type).Node("Transpose", ["x"], ["t"], ("perm", new long[] { 1, 0 }))
            .Node("Reshape", ["t", "s"], ["y"]).Initializer("s", Tensor.Vector(6)).Output("y", type).Build();
        var x = Sample(type).Reshape(new TensorShape(2, 3));

        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x }, atol: 0, rtol: 0);
        var y = new ReferenceExecutor(OnnxImporter.Load(model, "m.onnx")).Run(new Dictionary<string, Tensor> { ["x"] = x })["y"];
        Assert.Equal(type, y.Type);
    }

    /// <summary>Six values of <paramref name="type"/> that exercise its range (extremes, negatives where signed).</summary>
    private static Tensor Sample(DataType type)
    {
        var shape = new TensorShape(6);
        return type switch
        {
            DataType.Float32 => Tensor.From(new[] { 1.5f, -2f, float.MaxValue, float.Epsilon, 0f, -0f }, shape),
            DataType.Float64 => Tensor.From(new[] { 1.5, -2, double.MaxValue, double.Epsilon, 1e-300, -0.0 }, shape),
            DataType.Float16 => Tensor.From(new[] { (Half)1.5f, (Half)(-2f), Half.MaxValue, Half.Epsilon, (Half)0.1f, Half.NegativeZero }, shape),
            DataType.Int64 => Tensor.From(new[] { long.MinValue, -7L, 0, 9, long.MaxValue, 3 }, shape),
            DataType.Int32 => Tensor.From(new[] { int.MinValue, -7, 0, 9, int.MaxValue, 3 }, shape),
            DataType.Int16 => Tensor.From(new short[] { short.MinValue, -7, 0, 9, short.MaxValue, 3 }, shape),
            DataType.Int8 => Tensor.From(new sbyte[] { sbyte.MinValue, -7, 0, 9, sbyte.MaxValue, 3 }, shape),
            DataType.UInt8 => Tensor.From(new byte[] { 0, 7, 128, 9, byte.MaxValue, 3 }, shape),
            DataType.UInt16 => Tensor.From(new ushort[] { 0, 7, 32768, 9, ushort.MaxValue, 3 }, shape),
            DataType.UInt32 => Tensor.From(new uint[] { 0, 7, 1u << 31, 9, uint.MaxValue, 3 }, shape),
            DataType.UInt64 => Tensor.From(new ulong[] { 0, 7, 1ul << 63, 9, ulong.MaxValue, 3 }, shape),
            DataType.Bool => Tensor.From(new[] { true, false, true, true, false, false }, shape),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
    }
}
