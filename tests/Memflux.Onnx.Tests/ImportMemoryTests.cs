using Memflux.Graph;
using Memflux.Graph.Passes;
using Memflux.Numerics;

namespace Memflux.Onnx.Tests;

/// <summary>
/// Importing from a path reads each weight once, from the file into its tensor: the managed memory allocated stays
/// near the weights' size (the file's bytes are never all in memory, and no ByteString copy is made). A large model's
/// tensors are read on several threads, so the measure is the process's allocations, taken with no other test running.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class ImportMemoryTests : IDisposable
{
    /// <summary>Bound on bytes allocated by an import, as a multiple of the weights' bytes.</summary>
    private const double AllocationBound = 1.6;

    private const int Layers = 5;
    private const int Width = 2000; // 5 × 2000 × 2000 = 20 M fp32 weights, 80 MB

    private readonly string _folder = Directory.CreateTempSubdirectory("memflux-memory-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_20M_weight_model_imports_within_1_6_times_its_weights(bool externalData)
    {
        string path = Path.Combine(_folder, "mlp.onnx");
        long weightBytes = WriteModel(path, externalData);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var graph = OnnxImporter.Load(path, new ImportOptions { Pipeline = PassPipeline.Default });
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(Layers, graph.Nodes.Count);
        Assert.True(allocated >= weightBytes, $"allocated {allocated} bytes, less than the {weightBytes} bytes of weights: the measure is broken");
        Assert.True(allocated < AllocationBound * weightBytes, $"the import allocated {allocated / 1e6:F1} MB for {weightBytes / 1e6:F1} MB of weights ({(double)allocated / weightBytes:F2}×)");
    }

    /// <summary>x[1, Width] → Layers × MatMul by Width×Width weights; returns the weights' bytes.</summary>
    private static long WriteModel(string path, bool externalData)
    {
        var graph = new ComputeGraph("mlp", 17);
        var x = graph.AddValue(new Value("x", DataType.Float32, new TensorShape(1, Width)));
        graph.Inputs.Add(x);
        var rng = new Random(5);
        for (int i = 0; i < Layers; i++)
        {
            var data = new float[Width * Width];
            for (int k = 0; k < data.Length; k += 97)
            {
                data[k] = rng.NextSingle();
            }

            var w = graph.AddValue(new Value($"w{i}", constant: Tensor.FromFloat32(data, new TensorShape(Width, Width))));
            var y = graph.AddValue(new Value($"h{i}"));
            graph.AddNode(new Node("MatMul", $"mm{i}", [x, w], [y]));
            x = y;
        }

        graph.Outputs.Add(x);
        OnnxExporter.Save(graph, path, new OnnxExportOptions { ExternalDataThreshold = externalData ? 1024 : null });
        return (long)Layers * Width * Width * sizeof(float);
    }
}

/// <summary>Tests that measure the whole process (allocations) and so run with no other test beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}
