using Google.Protobuf;
using Memflux.Numerics;
using Memflux.TestSupport;
using Onnx;
using static Memflux.Onnx.Tests.ModelFixtures;

namespace Memflux.Onnx.Tests;

/// <summary>
/// <see cref="OnnxModelScanner"/> reads the top levels of the wire format itself and leaves raw_data in the file; it
/// must see exactly the model Google.Protobuf parses, and refuse exactly what Google.Protobuf refuses.
/// </summary>
public sealed class ModelScannerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("memflux-scanner-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_scanner_parses_what_google_protobuf_parses_on_every_corrupt_variant()
    {
        var failures = new List<string>();
        int parsed = 0;
        foreach (var (description, bytes) in MalformedModelTests.Variants(SmallValidModel()).Append(("valid", SmallValidModel())))
        {
            ModelProto? expected = null, actual = null;
            try
            {
                expected = ModelProto.Parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException)
            {
            }

            try
            {
                using var source = ModelBytes.Of(bytes);
                actual = Reassemble(OnnxModelScanner.Scan(source), bytes);
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or MalformedProtobufException)
            {
            }

            if (expected is null != actual is null || (expected is not null && !expected.Equals(actual)))
            {
                failures.Add($"{description}: Google.Protobuf {(expected is null ? "refused" : "parsed")} it, the scanner {(actual is null ? "refused" : expected!.Equals(actual) ? "agreed" : "parsed something else")}");
            }

            parsed += expected is null ? 0 : 1;
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.True(parsed > 30, $"only {parsed} variants parse at all");
    }

    [Fact]
    public void Loading_from_the_path_gives_the_same_graph_as_loading_the_bytes()
    {
        var builder = new OnnxModelBuilder(opset: 14)
            .Input("x", [2, 3])
            .Initializer("a", RandomTensors.Uniform(1, [2, 3]), raw: true)
            .Initializer("b", RandomTensors.Uniform(2, [2, 3]))
            .Initializer("i", Tensor.From(new long[] { 3, 2 }, new TensorShape(2)), raw: true)
            .Node("Add", ["x", "a"], ["s"])
            .Node("Mul", ["s", "b"], ["p"])
            .Node("Reshape", ["p", "i"], ["y"])
            .Node("Constant", [], ["c"], ("value", Tensor.FromFloat32([7, 8], new TensorShape(2))))
            .Output("y")
            .Output("c");
        byte[] bytes = builder.Build();
        string path = Path.Combine(_folder, "m.onnx");
        File.WriteAllBytes(path, bytes);

        var fromBytes = OnnxImporter.Load(bytes, path);
        var fromPath = OnnxImporter.Load(path);

        Assert.Equal(fromBytes.Nodes.Select(n => n.Describe()), fromPath.Nodes.Select(n => n.Describe()));
        Assert.Equal(fromBytes.Values.Keys.Order(), fromPath.Values.Keys.Order());
        foreach (var v in fromBytes.Values.Values.Where(v => v.IsConstant))
        {
            Assert.Equal(v.Constant!.Bytes.ToArray(), fromPath.FindValue(v.Name)!.Constant!.Bytes.ToArray());
        }
    }

    [Fact]
    public void Raw_data_past_2_GB_into_the_file_is_read()
    {
        // A tensor whose raw_data appears twice (protobuf keeps the last): first 2.25 GB of zeros, which the scanner
        // skips without reading (the file is sparse: a few bytes on disk), then its real 8 bytes; the next initializer
        // lies past 2 GB.
        long hole = (9L << 28) + 3;
        var model = new OnnxModelBuilder().Input("x", [2]).Node("Add", ["x", "w"], ["s"]).Node("Add", ["s", "v"], ["y"]).Output("y");
        model.Build();
        var graph = model.Model.Graph;
        model.Model.Graph = null;
        string path = Path.Combine(_folder, "far.onnx");
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            var output = new CodedOutputStream(file, leaveOpen: true);
            model.Model.WriteTo(output);
            var w = OnnxModelBuilder.ToProto("w", Tensor.FromFloat32([1, 2], new TensorShape(2)), raw: true);
            var v = OnnxModelBuilder.ToProto("v", Tensor.FromFloat32([30, 40], new TensorShape(2)), raw: true);
            var wHeader = w.Clone();
            wHeader.RawData = ByteString.Empty;
            long wLength = wHeader.CalculateSize() + 1 + VarintSize((ulong)hole) + hole + (1 + 1 + 8);
            long graphLength = graph.CalculateSize() + 1 + VarintSize((ulong)wLength) + wLength + 1 + CodedOutputStream.ComputeLengthSize(v.CalculateSize()) + v.CalculateSize();
            output.WriteTag(7, WireFormat.WireType.LengthDelimited);
            output.WriteUInt64((ulong)graphLength);
            graph.WriteTo(output);
            output.WriteTag(5, WireFormat.WireType.LengthDelimited);
            output.WriteUInt64((ulong)wLength);
            wHeader.WriteTo(output);
            output.WriteTag(9, WireFormat.WireType.LengthDelimited);
            output.WriteUInt64((ulong)hole);
            output.Flush();
            file.Seek(hole, SeekOrigin.Current);
            output = new CodedOutputStream(file, leaveOpen: true);
            output.WriteTag(9, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(w.RawData);
            output.WriteTag(5, WireFormat.WireType.LengthDelimited);
            output.WriteMessage(v);
            output.Flush();
        }

        Assert.True(new FileInfo(path).Length > (1L << 31));
        var imported = OnnxImporter.Load(path);

        Assert.Equal([1f, 2f], imported.FindValue("w")!.Constant!.Float32.ToArray());
        Assert.Equal([30f, 40f], imported.FindValue("v")!.Constant!.Float32.ToArray());
    }

    private static int VarintSize(ulong value)
    {
        int size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    /// <summary>The ModelProto the scan stands for: its initializers put back, raw_data read from <paramref name="bytes"/>.</summary>
    private static ModelProto Reassemble(ScannedModel scanned, byte[] bytes)
    {
        var model = scanned.Model.Clone();
        if (scanned.Initializers.Count > 0)
        {
            model.Graph ??= new GraphProto();
        }

        foreach (var init in scanned.Initializers)
        {
            var tensor = init.Header.Clone();
            if (init.RawLength > 0)
            {
                tensor.RawData = ByteString.CopyFrom(bytes, (int)init.RawOffset, (int)init.RawLength);
            }

            model.Graph.Initializer.Add(tensor);
        }

        return model;
    }
}
