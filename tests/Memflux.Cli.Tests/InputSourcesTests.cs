using Memflux.Data;
using Memflux.Experiments;
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

    [Fact]
    public void Onnx_test_data_sets_are_runs_with_expected_outputs_in_numeric_order()
    {
        var graph = TwoInputs(batch: 1);
        string root = Path.Combine(_models.Directory, "test_two");
        foreach (int n in new[] { 0, 1, 2, 10 })
        {
            string set = Directory.CreateDirectory(Path.Combine(root, $"test_data_set_{n}")).FullName;
            OnnxTensorFile.Write(Path.Combine(set, "input_0.pb"), "", Tensor.From(new long[] { n % 5, 0, 1 }, new TensorShape(1, 3)));
            OnnxTensorFile.Write(Path.Combine(set, "input_1.pb"), "x", Tensor.From(new float[] { n, 0, 0 }, new TensorShape(1, 3)));
            OnnxTensorFile.Write(Path.Combine(set, "output_0.pb"), "", Tensor.From(new float[] { n, 1, 2 }, new TensorShape(1, 3)));
        }

        var set0 = InputSources.Load(root, graph, InputSourceOptions.Default);
        Assert.Equal(4, set0.Feeds.Count);
        Assert.Equal([0f, 1, 2, 10], set0.Feeds.Select(f => f["x"].AsArray<float>()[0]));
        Assert.Equal(2L, set0.Feeds[2]["ids"].AsArray<long>()[0]);
        Assert.Equal(10f, set0.ExpectedOutputs![3]["y"].AsArray<float>()[0]);
        Assert.Contains(set0.Notes, n => n.Contains("4 ONNX test data set(s), 4 run(s), with expected outputs", StringComparison.Ordinal));

        // A data-set folder on its own is one run.
        var one = InputSources.Load(Path.Combine(root, "test_data_set_1"), graph, InputSourceOptions.Default);
        Assert.Single(one.Feeds);
        Assert.Single(one.ExpectedOutputs!);
    }

    [Fact]
    public void Tensor_names_select_the_input_and_must_exist()
    {
        var graph = TwoInputs(batch: 1);
        string set = Directory.CreateDirectory(Path.Combine(_models.Directory, "named")).FullName;
        OnnxTensorFile.Write(Path.Combine(set, "input_0.pb"), "x", Tensor.From(new float[] { 5, 6, 7 }, new TensorShape(1, 3)));
        OnnxTensorFile.Write(Path.Combine(set, "input_1.pb"), "ids", Tensor.From(new long[] { 1, 2, 3 }, new TensorShape(1, 3)));
        var loaded = InputSources.Load(set, graph, InputSourceOptions.Default);
        Assert.Equal([5f, 6, 7], loaded.Feeds[0]["x"].AsArray<float>());
        Assert.Null(loaded.ExpectedOutputs);

        OnnxTensorFile.Write(Path.Combine(set, "input_1.pb"), "mask", Tensor.From(new long[] { 1, 2, 3 }, new TensorShape(1, 3)));
        var e = Assert.Throws<MemfluxException>(() => InputSources.Load(set, graph, InputSourceOptions.Default));
        Assert.Contains("input_1.pb: the tensor is named 'mask', which is no graph input of two.onnx (ids, x)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gaps_missing_inputs_and_partial_outputs_are_errors()
    {
        var graph = TwoInputs(batch: 1);
        string root = Path.Combine(_models.Directory, "bad");
        string set0 = Directory.CreateDirectory(Path.Combine(root, "test_data_set_0")).FullName;
        OnnxTensorFile.Write(Path.Combine(set0, "input_0.pb"), "", Tensor.From(new long[] { 1, 2, 3 }, new TensorShape(1, 3)));
        OnnxTensorFile.Write(Path.Combine(set0, "input_2.pb"), "", Tensor.From(new float[] { 1, 2, 3 }, new TensorShape(1, 3)));
        Assert.Contains("has input_2.pb but no input_1.pb", Assert.Throws<MemfluxException>(() => InputSources.Load(root, graph, InputSourceOptions.Default)).Message, StringComparison.Ordinal);

        File.Delete(Path.Combine(set0, "input_2.pb"));
        Assert.Contains("no array for input 'x'", Assert.Throws<MemfluxException>(() => InputSources.Load(root, graph, InputSourceOptions.Default)).Message, StringComparison.Ordinal);

        OnnxTensorFile.Write(Path.Combine(set0, "input_1.pb"), "", Tensor.From(new float[] { 1, 2, 3 }, new TensorShape(1, 3)));
        OnnxTensorFile.Write(Path.Combine(set0, "output_0.pb"), "", Tensor.From(new float[] { 1, 2, 3 }, new TensorShape(1, 3)));
        string set1 = Directory.CreateDirectory(Path.Combine(root, "test_data_set_1")).FullName;
        File.Copy(Path.Combine(set0, "input_0.pb"), Path.Combine(set1, "input_0.pb"));
        File.Copy(Path.Combine(set0, "input_1.pb"), Path.Combine(set1, "input_1.pb"));
        Assert.Contains("1 of 2 data sets have output_*.pb files", Assert.Throws<MemfluxException>(() => InputSources.Load(root, graph, InputSourceOptions.Default)).Message, StringComparison.Ordinal);

        File.WriteAllBytes(Path.Combine(set1, "input_1.pb"), [1, 2, 3]);
        var corrupt = Assert.Throws<MemfluxException>(() => InputSources.Load(root, graph, InputSourceOptions.Default));
        Assert.Contains(Path.Combine(set1, "input_1.pb"), corrupt.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_folder_fills_a_single_image_input_with_the_options_given()
    {
        var graph = OnnxImporter.Load(new OnnxModelBuilder(14).Input("x", [2, 3, 4, 4]).Node("Relu", ["x"], ["y"]).Output("y").Build(), "cnn.onnx");
        foreach (string name in new[] { "b/1.png", "a/1.png", "a/2.png", "b/2.png" })
        {
            string path = Path.Combine(_models.Directory, "images", name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(5, 4);
            SixLabors.ImageSharp.ImageExtensions.SaveAsPng(image, path);
        }

        var set = InputSources.Load(Path.Combine(_models.Directory, "images"), graph, new InputSourceOptions(Images: new ImageFolderOptions { Mean = [1, 1, 1] }));
        Assert.Equal(2, set.Feeds.Count);
        Assert.Equal([0L, 0, 1, 1], set.Labels!);
        Assert.All(set.Feeds[0]["x"].AsArray<float>(), v => Assert.Equal(-1f, v));

        var two = TwoInputs(batch: 1);
        var e = Assert.Throws<MemfluxException>(() => InputSources.Load(Path.Combine(_models.Directory, "images"), two, InputSourceOptions.Default));
        Assert.Contains("a folder of images fills one input, but the model has 2", e.Message, StringComparison.Ordinal);
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
