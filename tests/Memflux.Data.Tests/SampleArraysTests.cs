using Memflux.Numerics;

namespace Memflux.Data.Tests;

public sealed class SampleArraysTests
{
    private static readonly SampleInput Image = new("image", DataType.Float32, new TensorShape(2, 3));
    private static readonly SampleInput Ids = new("ids", DataType.Int64, new TensorShape(2, 4));

    [Fact]
    public void Samples_along_the_first_dimension_are_split_into_runs_of_the_batch()
    {
        var image = Floats(6, 3);
        var ids = Tensor.From(Enumerable.Range(0, 24).Select(i => (long)i).ToArray(), new TensorShape(6, 4));
        var set = Named(("ids", ids), ("image", image)).ToSampleSet([Image, Ids], labels: [0, 1, 2, 3, 4, 5]);

        Assert.Equal(3, set.Feeds.Count);
        Assert.Equal("f.npz", set.Source);
        Assert.Null(set.ExpectedOutputs);
        Assert.Equal([0L, 1, 2, 3, 4, 5], set.Labels!);
        Assert.Empty(set.Notes);
        for (int r = 0; r < 3; r++)
        {
            Assert.Equal(new TensorShape(2, 3), set.Feeds[r]["image"].Shape);
            Assert.Equal(image.AsArray<float>()[(r * 6)..((r + 1) * 6)], set.Feeds[r]["image"].AsArray<float>());
            Assert.Equal(ids.AsArray<long>()[(r * 8)..((r + 1) * 8)], set.Feeds[r]["ids"].AsArray<long>());
        }
    }

    [Fact]
    public void An_array_of_exactly_the_input_shape_is_one_run()
    {
        var x = Floats(2, 3);
        var set = new SampleArrays("x.npy", [new("x", x)], named: false).ToSampleSet([Image]);
        Assert.Single(set.Feeds);
        Assert.Same(x, set.Feeds[0]["image"]);
    }

    [Fact]
    public void Without_a_batch_dimension_one_sample_is_read_and_noted()
    {
        var input = new SampleInput("x", DataType.Float32, new TensorShape(1, 3, 4));
        var set = new SampleArrays("x.npy", [new("x", Floats(3, 4))], named: false).ToSampleSet([input]);
        Assert.Equal(new TensorShape(1, 3, 4), set.Feeds[0]["x"].Shape);
        Assert.Contains("no batch dimension", Assert.Single(set.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Positional_arrays_fill_the_inputs_in_graph_order_with_a_note()
    {
        var set = Named(("arr_0", Floats(2, 3)), ("arr_1", Tensor.Zeros(DataType.Int64, new TensorShape(2, 4)))).ToSampleSet([Image, Ids]);
        Assert.Equal(DataType.Int64, set.Feeds[0]["ids"].Type);
        Assert.Contains("graph order (image, ids)", Assert.Single(set.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_input_lists_the_inputs_and_the_arrays()
    {
        var e = Assert.Throws<MemfluxException>(() => Named(("image", Floats(2, 3))).ToSampleSet([Image, Ids]));
        Assert.Contains("f.npz: no array for input 'ids'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'ids' INT64[2,4]", e.Message, StringComparison.Ordinal);
        Assert.Contains("'image' (2, 3)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_array_matching_no_input_is_an_error()
    {
        var e = Assert.Throws<MemfluxException>(() => Named(("image", Floats(2, 3)), ("labels", Floats(2))).ToSampleSet([Image]));
        Assert.Contains("array 'labels' matches no graph input", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shape_mismatch_names_the_input_the_files_shape_and_the_models()
    {
        var e = Assert.Throws<MemfluxException>(() => Named(("image", Floats(2, 4))).ToSampleSet([Image]));
        Assert.Contains("input 'image'", e.Message, StringComparison.Ordinal);
        Assert.Contains("shape (2, 4)", e.Message, StringComparison.Ordinal);
        Assert.Contains("model's input is [2,3]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[N,3]", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, "not a multiple of")]
    [InlineData(0, "none")]
    public void Sample_counts_must_fill_whole_batches(int samples, string expected)
    {
        var e = Assert.Throws<MemfluxException>(() => Named(("image", Floats(samples, 3))).ToSampleSet([Image]));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("batch 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_must_agree_on_the_number_of_runs()
    {
        var e = Assert.Throws<MemfluxException>(() => Named(("image", Floats(4, 3)), ("ids", Tensor.Zeros(DataType.Int64, new TensorShape(6, 4)))).ToSampleSet([Image, Ids]));
        Assert.Contains("'ids' gets 3 run(s)", e.Message, StringComparison.Ordinal);
        Assert.Contains("'image' gets 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_must_count_the_samples()
    {
        var e = Assert.Throws<MemfluxException>(() => Named(("image", Floats(4, 3))).ToSampleSet([Image], labels: [1, 2, 3]));
        Assert.Contains("3 labels for 4 samples", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Float_types_convert_with_a_note()
    {
        var doubles = Tensor.From(new[] { 0.5, 1e-3, -2, 3, 4, 5 }, new TensorShape(2, 3));
        var set = Named(("image", doubles)).ToSampleSet([Image]);
        Assert.Equal([0.5f, 1e-3f, -2, 3, 4, 5], set.Feeds[0]["image"].AsArray<float>());
        Assert.Contains("converted from the file's '<f8' (DOUBLE) to the model's FLOAT", Assert.Single(set.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Integer_types_convert_when_every_value_fits()
    {
        var ints = Tensor.From(new[] { 0, 1, 2, 3, 4, 5, 6, 7 }, new TensorShape(2, 4));
        Assert.Equal([0L, 1, 2, 3, 4, 5, 6, 7], Named(("ids", ints)).ToSampleSet([Ids]).Feeds[0]["ids"].AsArray<long>());

        var bytesInput = new SampleInput("ids", DataType.UInt8, new TensorShape(2, 4));
        var big = Tensor.From(new long[] { 0, 1, 2, 300, 4, 5, 6, 7 }, new TensorShape(2, 4));
        var e = Assert.Throws<MemfluxException>(() => Named(("ids", big)).ToSampleSet([bytesInput]));
        Assert.Contains("element 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("300, outside 0..255", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Integer_data_for_a_float_input_is_an_error_suggesting_a_conversion()
    {
        var e = Assert.Throws<MemfluxException>(() => Named(("image", Tensor.Zeros(DataType.UInt8, new TensorShape(2, 3)))).ToSampleSet([Image]));
        Assert.Contains("input 'image' is FLOAT but the file's array is '|u1' (UINT8)", e.Message, StringComparison.Ordinal);
        Assert.Contains("astype(np.float32)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_npy_array_cannot_fill_several_inputs()
    {
        var e = Assert.Throws<MemfluxException>(() => new SampleArrays("x.npy", [new("x", Floats(2, 3))], named: false).ToSampleSet([Image, Ids]));
        Assert.Contains("np.savez(path, image=..., ids=...)", e.Message, StringComparison.Ordinal);
    }

    private static SampleArrays Named(params (string Name, Tensor Tensor)[] arrays) =>
        new("f.npz", [.. arrays.Select(a => new KeyValuePair<string, Tensor>(a.Name, a.Tensor))], named: true);

    private static Tensor Floats(params int[] dims)
    {
        var shape = new TensorShape(dims);
        return Tensor.From(Enumerable.Range(0, shape.ElementCount).Select(i => (float)i).ToArray(), shape);
    }
}
