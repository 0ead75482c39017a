using Memflux.Cli.Analysis;
using Memflux.Data;
using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Cli.Tests;

public sealed class InputSourcesTests : IDisposable
{
    private readonly TestModels _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public void An_npz_fills_every_input_by_name_in_runs_of_the_batch()
    {
        var graph = TwoInputs(batch: 2);
        string path = Path.Combine(_models.Directory, "in.npz");
        NpyWriter.WriteArchive(path, [
            new("ids", Tensor.From(Enumerable.Range(0, 12).Select(i => (long)(i % 5)).ToArray(), new TensorShape(4, 3))),
            new("x", RandomTensors.Uniform(1, [4, 3])),
        ]);
        string labels = Path.Combine(_models.Directory, "labels.npy");
        NpyWriter.Write(labels, Tensor.From(new long[] { 1, 0, 1, 1 }, new TensorShape(4)));

        var set = InputSources.Load(path, graph, new InputSourceOptions(labels));

        Assert.Equal(2, set.Feeds.Count);
        Assert.Equal(DataType.Int64, set.Feeds[1]["ids"].Type);
        Assert.Equal(new TensorShape(2, 3), set.Feeds[1]["x"].Shape);
        Assert.Equal([1L, 0, 1, 1], set.Labels!);
        Assert.Contains($"4 labels from {labels}.", set.Notes);
    }

    [Fact]
    public void A_single_npy_fills_a_single_input()
    {
        var graph = OnnxImporter.Load(new OnnxModelBuilder(14).Input("x", [1, 10]).Node("Relu", ["x"], ["y"]).Output("y").Build(), "relu.onnx");
        string path = Path.Combine(_models.Directory, "x.npy");
        NpyWriter.Write(path, RandomTensors.Uniform(2, [3, 10]));
        Assert.Equal(3, InputSources.Load(path, graph, InputSourceOptions.Default).Feeds.Count);
    }

    [Theory]
    [InlineData("inputs.csv", "does not read '.csv' files")]
    [InlineData("missing.npz", "no such file or folder")]
    public void Unknown_and_missing_sources_say_what_is_accepted(string name, string expected)
    {
        string path = Path.Combine(_models.Directory, name);
        if (name.EndsWith(".csv", StringComparison.Ordinal))
        {
            File.WriteAllText(path, "1,2");
        }

        var e = Assert.Throws<MemfluxException>(() => InputSources.Load(path, TwoInputs(1), InputSourceOptions.Default));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains(".npz", e.Message, StringComparison.Ordinal);
    }

    private static Graph.ComputeGraph TwoInputs(int batch)
    {
        // y = table[ids] + x: an int64 input and an fp32 input of the same shape.
        var table = RandomTensors.Uniform(4, [5]);
        byte[] model = new OnnxModelBuilder(14).Input("ids", [batch, 3], DataType.Int64).Input("x", [batch, 3]).Initializer("table", table)
            .Node("Gather", ["table", "ids"], ["g"]).Node("Add", ["g", "x"], ["y"]).Output("y").Build();
        return OnnxImporter.Load(model, "two.onnx");
    }
}
