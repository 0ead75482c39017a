using System.Buffers.Binary;
using Memflux.Numerics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Memflux.Data.Tests;

public sealed class ImageFolderReaderTests : IDisposable
{
    private static readonly SampleInput Rgb4 = new("image", DataType.Float32, new TensorShape(1, 3, 4, 4));

    private readonly string _root = Directory.CreateTempSubdirectory("memflux-img-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Class_folders_sorted_by_name_are_the_labels()
    {
        Save("dog/b.png", Solid(4, 4, 0, 0, 255));
        Save("cat/a.png", Solid(4, 4, 255, 0, 0));
        Save("dog/a.bmp", Solid(4, 4, 0, 255, 0));
        Save("empty_class/notes.txt", null);

        var set = ImageFolderReader.Read(_root, Rgb4, new ImageFolderOptions());

        Assert.Equal([0L, 1, 1], set.Labels!);
        Assert.Equal(3, set.Feeds.Count);
        Assert.Equal([1f, 0, 0], Pixel(set.Feeds[0]["image"], 0, 0)); // cat/a.png, red
        Assert.Equal([0f, 1, 0], Pixel(set.Feeds[1]["image"], 3, 3)); // dog/a.bmp, green
        Assert.Equal([0f, 0, 1], Pixel(set.Feeds[2]["image"], 2, 1)); // dog/b.png, blue
        Assert.Contains(set.Notes, n => n.Contains("3 images in 3 classes, labelled by sorted folder name: cat=0, dog=1, empty_class=2 (no images)", StringComparison.Ordinal));
        Assert.Contains(set.Notes, n => n.Contains("skipped 1 file(s)", StringComparison.Ordinal) && n.Contains("notes.txt", StringComparison.Ordinal));
        string plan = Assert.Single(set.Notes, n => n.StartsWith("image preprocessing", StringComparison.Ordinal));
        Assert.Contains("NCHW (from the input's shape)", plan, StringComparison.Ordinal);
        Assert.Contains("resize shorter side to 4 px, bilinear (default: the crop's larger side)", plan, StringComparison.Ordinal);
        Assert.Contains("center crop 4x4", plan, StringComparison.Ordinal);
        Assert.Contains("RGB (default)", plan, StringComparison.Ordinal);
        Assert.Contains("values scaled to [0, 1] (default)", plan, StringComparison.Ordinal);
        Assert.Contains("no mean/std normalization (default)", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void Mean_std_bgr_and_raw_values_apply_per_channel()
    {
        Save("a.png", Solid(4, 4, 200, 100, 50));
        var options = new ImageFolderOptions { ChannelOrder = ChannelOrder.Bgr, ScaleToUnit = false, Mean = [50, 100, 150], Std = [2, 4, 10] };
        var set = ImageFolderReader.Read(_root, Rgb4, options);
        Assert.Equal([(50f - 50) / 2, (100f - 100) / 4, (200f - 150) / 10], Pixel(set.Feeds[0]["image"], 1, 2));
        Assert.Null(set.Labels);
        Assert.Contains(set.Notes, n => n.Contains("mean 50,100,150, std 2,4,10 (given)", StringComparison.Ordinal) && n.Contains("BGR (given)", StringComparison.Ordinal));
    }

    [Fact]
    public void Nhwc_is_inferred_and_grayscale_and_uint8_inputs_are_filled()
    {
        Save("a.png", Solid(4, 4, 10, 20, 30));
        var nhwc = ImageFolderReader.Read(_root, new SampleInput("x", DataType.Float32, new TensorShape(1, 4, 4, 3)), new ImageFolderOptions());
        Assert.Equal([10 / 255f, 20 / 255f, 30 / 255f], nhwc.Feeds[0]["x"].AsArray<float>()[..3]);
        Assert.Contains(nhwc.Notes, n => n.Contains("NHWC (from the input's shape)", StringComparison.Ordinal));

        var gray = ImageFolderReader.Read(_root, new SampleInput("x", DataType.UInt8, new TensorShape(1, 1, 4, 4)), new ImageFolderOptions());
        Assert.All(gray.Feeds[0]["x"].AsArray<byte>(), v => Assert.Equal((byte)Math.Round((0.299 * 10) + (0.587 * 20) + (0.114 * 30)), v));
        Assert.Contains(gray.Notes, n => n.Contains("grayscale", StringComparison.Ordinal) && n.Contains("raw pixel bytes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(6, new[] { 10, 20, 30, 40 })] // (6 - 4) / 2 = 1
    [InlineData(7, new[] { 20, 30, 40, 50 })] // (7 - 4) / 2 = 1.5, rounded half to even: 2
    public void Center_crop_offsets_round_as_torchvision_does(int width, int[] columns)
    {
        using (var image = new Image<Rgb24>(width, 4))
        {
            for (int y = 0; y < 4; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    image[x, y] = new Rgb24((byte)(x * 10), 0, 0);
                }
            }

            image.SaveAsPng(Path.Combine(_root, "a.png"));
        }

        var set = ImageFolderReader.Read(_root, Rgb4, new ImageFolderOptions { ScaleToUnit = false });
        Assert.Equal(columns.Select(c => (float)c), Enumerable.Range(0, 4).Select(x => Pixel(set.Feeds[0]["image"], 2, x)[0]));
    }

    [Fact]
    public void Resizing_keeps_the_aspect_and_a_uniform_colour()
    {
        Save("wide.png", Solid(32, 16, 90, 180, 30));
        var input = new SampleInput("image", DataType.Float32, new TensorShape(1, 3, 4, 6));
        var set = ImageFolderReader.Read(_root, input, new ImageFolderOptions { ResizeShorterSide = 8 });
        var t = set.Feeds[0]["image"].AsArray<float>();
        Assert.All(t[..24], v => Assert.Equal(90 / 255f, v, 1e-3f));
        Assert.All(t[24..48], v => Assert.Equal(180 / 255f, v, 1e-3f));

        var stretched = ImageFolderReader.Read(_root, input, new ImageFolderOptions { CenterCrop = false });
        Assert.Contains(stretched.Notes, n => n.Contains("resize to 4x6, bilinear, aspect ratio not kept", StringComparison.Ordinal));

        // JPEG (extension in capitals) is lossy: the colour survives within a few levels.
        File.Delete(Path.Combine(_root, "wide.png"));
        Save("tall.JPG", Solid(16, 40, 90, 180, 30));
        var jpeg = ImageFolderReader.Read(_root, input, new ImageFolderOptions()).Feeds[0]["image"].AsArray<float>();
        Assert.All(jpeg[24..48], v => Assert.Equal(180 / 255f, v, 4 / 255f));
    }

    [Fact]
    public void Runs_take_the_batch_and_need_a_multiple_of_it()
    {
        var batch2 = new SampleInput("image", DataType.Float32, new TensorShape(2, 3, 4, 4));
        for (int i = 0; i < 4; i++)
        {
            Save($"c/{i}.png", Solid(4, 4, (byte)(i * 50), 0, 0));
        }

        var set = ImageFolderReader.Read(_root, batch2, new ImageFolderOptions());
        Assert.Equal(2, set.Feeds.Count);
        Assert.Equal(150 / 255f, set.Feeds[1]["image"].AsArray<float>()[48]);

        File.Delete(Path.Combine(_root, "c", "3.png"));
        var e = Assert.Throws<MemfluxException>(() => ImageFolderReader.Read(_root, batch2, new ImageFolderOptions()));
        Assert.Contains("holds 3 images, not a multiple of the model's batch 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_and_mislabelled_images_are_errors_naming_the_file()
    {
        Save("a/ok.png", Solid(4, 4, 1, 2, 3));
        string bad = Path.Combine(_root, "a", "bad.png");
        File.WriteAllBytes(bad, [.. File.ReadAllBytes(Path.Combine(_root, "a", "ok.png")).Take(40)]);
        var e = Assert.Throws<MemfluxException>(() => ImageFolderReader.Read(_root, Rgb4, new ImageFolderOptions()));
        Assert.Contains(bad, e.Message, StringComparison.Ordinal);

        File.WriteAllText(bad, "GIF89a not really an image");
        e = Assert.Throws<MemfluxException>(() => ImageFolderReader.Read(_root, Rgb4, new ImageFolderOptions()));
        Assert.Contains(bad, e.Message, StringComparison.Ordinal);
        Assert.Contains("PNG, JPEG or BMP", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_declared_size_is_refused_before_decoding()
    {
        string path = Path.Combine(_root, "huge.png");
        File.WriteAllBytes(path, PngHeader(100_000, 100_000));
        var e = Assert.Throws<MemfluxException>(() => ImageFolderReader.Read(_root, Rgb4, new ImageFolderOptions()));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("100000x100000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layout_and_option_mismatches_are_errors()
    {
        Save("a.png", Solid(4, 4, 1, 2, 3));
        Assert.Contains("rank-4", Error(new SampleInput("x", DataType.Float32, new TensorShape(3, 4, 4))), StringComparison.Ordinal);
        Assert.Contains("5 channels", Error(new SampleInput("x", DataType.Float32, new TensorShape(1, 5, 4, 4))), StringComparison.Ordinal);
        Assert.Contains("not INT64", Error(new SampleInput("x", DataType.Int64, Rgb4.Shape)), StringComparison.Ordinal);
        Assert.Contains("mean has 2 values; expected 3", Error(Rgb4, new ImageFolderOptions { Mean = [1, 2] }), StringComparison.Ordinal);
        Assert.Contains("must be finite and positive", Error(Rgb4, new ImageFolderOptions { Std = [1, 0, 1] }), StringComparison.Ordinal);
        Assert.Contains("leaves too little", Error(Rgb4, new ImageFolderOptions { ResizeShorterSide = 3 }), StringComparison.Ordinal);
        Assert.Contains("scaling and mean/std do not apply", Error(new SampleInput("x", DataType.UInt8, Rgb4.Shape), new ImageFolderOptions { Mean = [0, 0, 0] }), StringComparison.Ordinal);
    }

    [Fact]
    public void Layouts_without_images_or_with_both_kinds_are_errors()
    {
        Save("notes.txt", null);
        Assert.Contains("holds no .png/.jpg/.jpeg/.bmp images", Error(Rgb4), StringComparison.Ordinal);

        Save("a.png", Solid(4, 4, 1, 2, 3));
        Save("cls/b.png", Solid(4, 4, 1, 2, 3));
        Assert.Contains("both class folders and images of its own", Error(Rgb4), StringComparison.Ordinal);

        File.Delete(Path.Combine(_root, "a.png"));
        var e = Assert.Throws<MemfluxException>(() => ImageFolderReader.Read(_root, Rgb4, new ImageFolderOptions(), labels: [0]));
        Assert.Contains("class folders already label", e.Message, StringComparison.Ordinal);
    }

    private string Error(SampleInput input, ImageFolderOptions? options = null) =>
        Assert.Throws<MemfluxException>(() => ImageFolderReader.Read(_root, input, options ?? new ImageFolderOptions())).Message;

    private static Image<Rgb24> Solid(int width, int height, byte r, byte g, byte b)
    {
        var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image[x, y] = new Rgb24(r, g, b);
            }
        }

        return image;
    }

    private void Save(string relative, Image<Rgb24>? image)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (image is null)
        {
            File.WriteAllText(path, "not an image");
            return;
        }

        using (image)
        {
            if (path.EndsWith(".bmp", StringComparison.Ordinal))
            {
                image.SaveAsBmp(path);
            }
            else if (path.EndsWith(".JPG", StringComparison.Ordinal))
            {
                image.SaveAsJpeg(path);
            }
            else
            {
                image.SaveAsPng(path);
            }
        }
    }

    /// <summary>The channel values of pixel (y, x) of the first image of an NCHW tensor.</summary>
    private static float[] Pixel(Tensor t, int y, int x)
    {
        int h = t.Shape[2], w = t.Shape[3];
        return [.. Enumerable.Range(0, t.Shape[1]).Select(c => t.AsArray<float>()[(c * h * w) + (y * w) + x])];
    }

    /// <summary>A PNG signature and an IHDR chunk (with its CRC) declaring the size, and nothing else.</summary>
    private static byte[] PngHeader(int width, int height)
    {
        var chunk = new byte[4 + 13];
        "IHDR"u8.CopyTo(chunk);
        BinaryPrimitives.WriteInt32BigEndian(chunk.AsSpan(4), width);
        BinaryPrimitives.WriteInt32BigEndian(chunk.AsSpan(8), height);
        chunk[12] = 8; // bit depth
        chunk[13] = 2; // truecolour
        var bytes = new List<byte> { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 };
        bytes.AddRange(chunk);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(chunk));
        bytes.AddRange(crc);
        return [.. bytes];
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
