using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Data.Tests;

public sealed class DatasetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("memflux-dataset-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("mnist")]
    [InlineData("fashion-mnist")]
    public void Real_test_split_loads_10000_items_with_labels_0_to_9(string name)
    {
        var ds = Dataset.Load(RepositoryPaths.Combine("data", name), "test");

        Assert.Equal(10_000, ds.Count);
        Assert.Equal(new TensorShape(10_000, 1, 28, 28), ds.Images.Shape);
        Assert.Equal(Enumerable.Range(0, 10), ds.Labels.Select(l => (int)l).Distinct().Order());
        Assert.All(ds.Images.Float32Array, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(1f, ds.Images.Float32Array.Max());
    }

    [Fact]
    public void Small_split_scales_pixels_to_unit_range_and_prefers_gz()
    {
        byte[] pixels = [0, 255, 51, 102, 1, 2, 3, 4];
        File.WriteAllBytes(Path.Combine(_dir, "train-images-idx3-ubyte.gz"), IdxWriter.Serialize([2, 2, 2], pixels, gzip: true));
        File.WriteAllBytes(Path.Combine(_dir, "train-labels-idx1-ubyte"), IdxWriter.Serialize([2], [7, 3], gzip: false));

        var ds = Dataset.Load(_dir, "train");

        Assert.Equal(new TensorShape(2, 1, 2, 2), ds.Images.Shape);
        Assert.Equal(pixels.Select(p => p / 255f), ds.Images.Float32Array);
        Assert.Equal(7, ds.Label(0));
        Assert.Equal(3, ds.Label(1));
    }

    [Fact]
    public void Count_mismatch_names_both_files()
    {
        File.WriteAllBytes(Path.Combine(_dir, "t10k-images-idx3-ubyte"), IdxWriter.Serialize([2, 1, 1], [0, 1], gzip: false));
        File.WriteAllBytes(Path.Combine(_dir, "t10k-labels-idx1-ubyte"), IdxWriter.Serialize([3], [0, 1, 2], gzip: false));
        var e = Assert.Throws<MemfluxException>(() => Dataset.Load(_dir, "test"));
        Assert.Contains("3 labels", e.Message, StringComparison.Ordinal);
        Assert.Contains("2 images", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_and_unknown_split_are_clear_errors()
    {
        var e = Assert.Throws<MemfluxException>(() => Dataset.Load(_dir, "test"));
        Assert.Contains("t10k-images-idx3-ubyte.gz", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<MemfluxException>(() => Dataset.Load(_dir, "validation"));
        Assert.Contains("'validation'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_set_holds_batches_of_the_first_images_with_their_labels()
    {
        float[] pixels = [.. Enumerable.Range(0, 5 * 4).Select(i => (float)i)];
        var ds = new Dataset("five", Tensor.FromFloat32(pixels, new TensorShape(5, 1, 2, 2)), [3, 1, 4, 1, 5]);
        var all = ds.ToSampleSet("x", batchSize: 2);
        Assert.Equal([2, 2, 1], all.Feeds.Select(f => f["x"].Shape[0]));
        Assert.Equal(new TensorShape(1, 1, 2, 2), all.Feeds[2]["x"].Shape);
        Assert.Equal([16f, 17f, 18f, 19f], all.Feeds[2]["x"].Float32Array);
        Assert.Equal([3L, 1, 4, 1, 5], all.Labels!);
        Assert.Equal("five", all.Source);

        var first = ds.ToSampleSet("x", batchSize: 2, count: 3);
        Assert.Equal([2, 1], first.Feeds.Select(f => f["x"].Shape[0]));
        Assert.Equal([3L, 1, 4], first.Labels!);
        Assert.Equal([8f, 9f, 10f, 11f], first.Feeds[1]["x"].Float32Array);
    }
}
