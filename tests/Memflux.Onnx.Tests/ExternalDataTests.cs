using System.Globalization;
using Memflux.Graph;
using Memflux.Numerics;
using Memflux.TestSupport;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Memflux.Onnx.Tests;

/// <summary>Tensors whose bytes live in a file next to the model (data_location = EXTERNAL).</summary>
public sealed class ExternalDataTests : IDisposable
{
    private static readonly float[] Weights = [1.5f, -2, 3, -4.25f, 5, -6];

    private readonly string _root = Directory.CreateTempSubdirectory("memflux-external-").FullName;

    private string Folder => Path.Combine(_root, "model");

    public ExternalDataTests() => Directory.CreateDirectory(Folder);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("w.bin")]
    [InlineData("weights/w.bin")]
    [InlineData("./weights/../w.bin")]
    public void A_relative_location_in_the_models_folder_is_read(string location)
    {
        string model = WriteModel(location, offset: 16, fileBytes: WithPadding(16, Weights, 8));

        var graph = OnnxImporter.Load(model);

        Assert.Equal(Weights, graph.FindValue("w")!.Constant!.Float32.ToArray());
    }

    [Fact]
    public void Without_length_the_tensors_declared_size_is_read()
    {
        string model = WriteModel("w.bin", offset: 4, fileBytes: WithPadding(4, Weights, 12), length: null);

        Assert.Equal(Weights, OnnxImporter.Load(model).FindValue("w")!.Constant!.Float32.ToArray());
    }

    [Fact]
    public void A_location_with_dot_dot_that_leaves_the_folder_is_refused()
    {
        File.WriteAllBytes(Path.Combine(_root, "outside.bin"), Bytes(Weights));
        string model = WriteModel("../outside.bin", offset: 0, fileBytes: null);

        string message = LoadError(model);

        Assert.Contains("tensor 'w'", message, StringComparison.Ordinal);
        Assert.Contains("'../outside.bin'", message, StringComparison.Ordinal);
        Assert.Contains("leaves the model's folder", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absolute_location_is_refused()
    {
        string outside = Path.Combine(_root, "outside.bin");
        File.WriteAllBytes(outside, Bytes(Weights));
        string model = WriteModel(outside, offset: 0, fileBytes: null);

        string message = LoadError(model);

        Assert.Contains("tensor 'w'", message, StringComparison.Ordinal);
        Assert.Contains(outside, message, StringComparison.Ordinal);
        Assert.Contains("absolute path", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_symbolic_link_that_resolves_outside_the_folder_is_refused(bool linkedFolder)
    {
        string outside = Path.Combine(_root, "secret");
        Directory.CreateDirectory(outside);
        File.WriteAllBytes(Path.Combine(outside, "w.bin"), Bytes(Weights));
        string location = linkedFolder ? "data/w.bin" : "w.bin";
        if (linkedFolder)
        {
            Directory.CreateSymbolicLink(Path.Combine(Folder, "data"), outside);
        }
        else
        {
            File.CreateSymbolicLink(Path.Combine(Folder, "w.bin"), Path.Combine(outside, "w.bin"));
        }

        string model = WriteModel(location, offset: 0, fileBytes: null);

        string message = LoadError(model);

        Assert.Contains("tensor 'w'", message, StringComparison.Ordinal);
        Assert.Contains("symbolic link", message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(outside, "w.bin"), message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_inside_the_folder_is_followed()
    {
        Directory.CreateDirectory(Path.Combine(Folder, "store"));
        File.WriteAllBytes(Path.Combine(Folder, "store", "real.bin"), Bytes(Weights));
        File.CreateSymbolicLink(Path.Combine(Folder, "w.bin"), "store/real.bin");
        string model = WriteModel("w.bin", offset: 0, fileBytes: null);

        Assert.Equal(Weights, OnnxImporter.Load(model).FindValue("w")!.Constant!.Float32.ToArray());
    }

    [Fact]
    public void A_truncated_side_file_is_refused_before_allocating()
    {
        string model = WriteModel("w.bin", offset: 0, fileBytes: Bytes(Weights)[..20]);

        string message = LoadError(model);

        Assert.Contains("tensor 'w'", message, StringComparison.Ordinal);
        Assert.Contains("bytes 0 to 24 of 'w.bin', but the file has 20 bytes", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_offset_past_the_end_of_the_file_is_refused()
    {
        string model = WriteModel("w.bin", offset: 1L << 40, fileBytes: Bytes(Weights));

        Assert.Contains("the file has 24 bytes", LoadError(model), StringComparison.Ordinal);
    }

    [Fact]
    public void A_length_that_does_not_match_the_shape_is_refused()
    {
        string model = WriteModel("w.bin", offset: 0, fileBytes: Bytes([.. Weights, 7, 8]), length: 32);

        string message = LoadError(model);

        Assert.Contains("tensor 'w' declares 32 bytes of external data", message, StringComparison.Ordinal);
        Assert.Contains("need 24", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_side_file_names_the_path()
    {
        string model = WriteModel("missing.bin", offset: 0, fileBytes: null);

        string message = LoadError(model);

        Assert.Contains(Path.Combine(Folder, "missing.bin"), message, StringComparison.Ordinal);
        Assert.Contains("does not exist", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("offset", "-4", "expected a whole number")]
    [InlineData("offset", "12abc", "expected a whole number")]
    [InlineData("basepath", "/etc", "expected location, offset, length or checksum")]
    public void Bad_entries_are_refused(string key, string value, string expected)
    {
        string model = WriteModel("w.bin", offset: 0, fileBytes: Bytes(Weights), extra: (key, value));

        Assert.Contains(expected, LoadError(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_from_memory_says_to_load_from_the_path()
    {
        string model = WriteModel("w.bin", offset: 0, fileBytes: Bytes(Weights));

        string message = Assert.Throws<MemfluxException>(() => OnnxImporter.Load(File.ReadAllBytes(model), "m.onnx")).Message;

        Assert.StartsWith("m.onnx: tensor 'w' keeps its data in the external file 'w.bin'", message, StringComparison.Ordinal);
        Assert.Contains("load it from its path", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exported_external_data_round_trips_bit_for_bit_and_runs_in_ort()
    {
        var graph = new ComputeGraph("mixed", 17);
        var x = graph.AddValue(new Value("x", DataType.Float32, new TensorShape(4, 8)));
        graph.Inputs.Add(x);
        var w = graph.AddValue(new Value("w", constant: RandomTensors.Uniform(11, [8, 16])));
        var b = graph.AddValue(new Value("b", constant: RandomTensors.Uniform(12, [16])));
        var h = graph.AddValue(new Value("h"));
        var y = graph.AddValue(new Value("y"));
        var half = graph.AddValue(new Value("half", constant: Tensor.From(Enumerable.Range(0, 300).Select(i => (Half)(i * 0.37)).ToArray(), new TensorShape(300))));
        var ids = graph.AddValue(new Value("ids", constant: Tensor.From(Enumerable.Range(0, 40).Select(i => (long)i * 1_000_000_007).ToArray(), new TensorShape(40))));
        var flags = graph.AddValue(new Value("flags", constant: Tensor.From(Enumerable.Range(0, 70).Select(i => i % 3 == 0).ToArray(), new TensorShape(70))));
        graph.AddNode(new Node("MatMul", "mm", [x, w], [h]));
        graph.AddNode(new Node("Add", "add", [h, b], [y]));
        graph.Outputs.Add(y);
        graph.Outputs.AddRange([half, ids, flags]);
        string path = Path.Combine(Folder, "mixed.onnx");

        OnnxExporter.Save(graph, path, new OnnxExportOptions { ExternalDataThreshold = 100 });
        var back = OnnxImporter.Load(path);

        string data = Path.Combine(Folder, "mixed.onnx.data");
        Assert.Equal((8 * 16 * 4) + (300 * 2) + (40 * 8), new FileInfo(data).Length); // b (64 bytes) and flags (70) stay inline
        Assert.True(new FileInfo(path).Length < 700, $"the .onnx holds {new FileInfo(path).Length} bytes");
        foreach (var name in new[] { "w", "b", "half", "ids", "flags" })
        {
            Assert.Equal(graph.FindValue(name)!.Constant!.Bytes.ToArray(), back.FindValue(name)!.Constant!.Bytes.ToArray());
        }

        using var session = new InferenceSession(path);
        var input = RandomTensors.Uniform(13, [4, 8]);
        using var ortInput = OrtValue.CreateTensorValueFromMemory(input.Float32Array, [4, 8]);
        using var results = session.Run(new RunOptions(), ["x"], [ortInput], ["y"]);
        var expected = new Graph.Execution.ReferenceExecutor(back).Run(new Dictionary<string, Tensor> { ["x"] = input })["y"];
        OperatorCheck.AssertClose(expected, Tensor.FromFloat32(results[0].GetTensorDataAsSpan<float>().ToArray(), new TensorShape(4, 16)), 1e-5f, 1e-5f);
    }

    [Fact]
    public void Offsets_beyond_2_GB_are_read()
    {
        // A sparse side file: 3 GB long on paper, a few bytes on disk.
        long offset = (1L << 31) + 12_345;
        string data = Path.Combine(Folder, "big.bin");
        using (var file = new FileStream(data, FileMode.Create, FileAccess.Write))
        {
            file.SetLength(3L << 30);
            file.Position = offset;
            file.Write(Bytes(Weights));
        }

        string model = WriteModel("big.bin", offset, fileBytes: null);

        Assert.Equal(Weights, OnnxImporter.Load(model).FindValue("w")!.Constant!.Float32.ToArray());
    }

    /// <summary>x[2,3] + w[2,3] → y, with w's data at <paramref name="location"/> (written there when <paramref name="fileBytes"/> is given).</summary>
    private string WriteModel(string location, long offset, byte[]? fileBytes, long? length = 24, (string Key, string Value)? extra = null)
    {
        if (fileBytes is not null)
        {
            string target = Path.Combine(Folder, location);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, fileBytes);
        }

        var builder = new OnnxModelBuilder().Input("x", [2, 3]).Node("Add", ["x", "w"], ["y"]).Output("y");
        var bytes = ModelFixtures.Edit(builder, m =>
        {
            var w = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float, DataLocation = TensorProto.Types.DataLocation.External, Dims = { 2, 3 } };
            w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
            w.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(CultureInfo.InvariantCulture) });
            if (length is { } l)
            {
                w.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = l.ToString(CultureInfo.InvariantCulture) });
            }

            if (extra is { } e)
            {
                if (w.ExternalData.FirstOrDefault(d => d.Key == e.Key) is { } replaced)
                {
                    w.ExternalData.Remove(replaced);
                }

                w.ExternalData.Add(new StringStringEntryProto { Key = e.Key, Value = e.Value });
            }

            m.Graph.Initializer.Add(w);
        });
        string path = Path.Combine(Folder, "model.onnx");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string LoadError(string path) => Assert.Throws<MemfluxException>(() => OnnxImporter.Load(path)).Message;

    private static byte[] Bytes(float[] values) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static byte[] WithPadding(int before, float[] values, int after) => [.. new byte[before], .. Bytes(values), .. new byte[after]];
}
