using System.Buffers.Binary;
using Memflux.Chip.Analog;
using Memflux.Chip.Image;
using Memflux.Numerics;
using static Memflux.Chip.Tests.Image.ChipImageFixture;

namespace Memflux.Chip.Tests.Image;

/// <summary>A truncated, edited or foreign file is a <see cref="MemfluxException"/> naming the file and the problem, never a crash.</summary>
public sealed class ChipImageCorruptionTests : IDisposable
{
    private const int HeaderSize = 8 + 4 + 4 + (4 * 52) + 32;
    private readonly string _directory = Directory.CreateTempSubdirectory("mfchip-").FullName;
    private readonly byte[] _image;

    public ChipImageCorruptionTests()
    {
        string path = Path.Combine(_directory, "good.mfchip");
        Save(path, AnalogChip.Create(Import(), SmallTiles(AnalogPreset.Pcm), seed: 3));
        _image = File.ReadAllBytes(path);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void EveryTruncationIsAClearError()
    {
        // Every cut inside the header, then 400 cuts spread over the file (an odd stride, so they fall at every alignment),
        // and the last byte: all must name the file and say why.
        int stride = (_image.Length / 400) | 1;
        var cuts = Enumerable.Range(0, HeaderSize + 1).Concat(Enumerable.Range(0, _image.Length / stride).Select(i => i * stride)).Append(_image.Length - 1).Distinct();
        foreach (int cut in cuts)
        {
            var e = LoadError(_image.AsSpan(0, cut).ToArray(), "cut.mfchip");
            Assert.True(e.Message.Contains("truncated", StringComparison.Ordinal) || e.Message.Contains("not a Memflux chip image", StringComparison.Ordinal), $"cut at {cut}: {e.Message}");
        }
    }

    [Fact]
    public void AFlippedByteInEachSectionIsAChecksumMismatchNamingIt()
    {
        var sections = new[] { "manifest", "hardware", "model", "devices" };
        for (int s = 0; s < sections.Length; s++)
        {
            long offset = BinaryPrimitives.ReadInt64LittleEndian(_image.AsSpan(16 + (s * 52) + 4));
            long length = BinaryPrimitives.ReadInt64LittleEndian(_image.AsSpan(16 + (s * 52) + 12));
            Assert.True(length > 0);
            foreach (long at in new[] { offset, offset + (length / 2), offset + length - 1 })
            {
                var e = LoadError(Flip(at), "flip.mfchip");
                Assert.Contains($"checksum mismatch in section '{sections[s]}'", e.Message, StringComparison.Ordinal);
                Assert.Contains("expected SHA-256", e.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void AFlippedByteInTheHeaderIsAClearError()
    {
        for (int at = 0; at < HeaderSize; at++)
        {
            var e = LoadError(Flip(at), "header.mfchip");
            string expected = at switch
            {
                < 8 => "not a Memflux chip image",
                < 12 => "format version: expected 2",
                < 16 => "header: expected 4 sections",
                _ => "checksum mismatch in the header",
            };
            Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WrongMagicFutureVersionAndTrailingBytesAreNamed()
    {
        var onnx = (byte[])_image.Clone();
        "ONNXONNX"u8.CopyTo(onnx);
        Assert.Contains("expected the magic bytes 4D4643484950", LoadError(onnx, "magic.mfchip").Message, StringComparison.Ordinal);

        var future = (byte[])_image.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(future.AsSpan(8), 3);
        var e = LoadError(future, "future.mfchip");
        Assert.Contains("format version: expected 2, found 3 (a newer memflux wrote it", e.Message, StringComparison.Ordinal);

        // Version 1 kept every device in full precision (issue 14 §3 replaced it): the message says to compile again.
        var old = (byte[])_image.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(old.AsSpan(8), 1);
        e = LoadError(old, "old.mfchip");
        Assert.Contains("chip image: format version: expected 2, found 1 (an older memflux wrote it", e.Message, StringComparison.Ordinal);
        Assert.Contains("compile the model again", e.Message, StringComparison.Ordinal);

        var longer = _image.Append((byte)0).ToArray();
        Assert.Contains($"length: expected {_image.Length} bytes", LoadError(longer, "long.mfchip").Message, StringComparison.Ordinal);

        Assert.Contains("chip image not found", Assert.Throws<MemfluxException>(() => ChipImage.Load(Path.Combine(_directory, "missing.mfchip"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheUntouchedImageLoads() => Assert.Equal(2, ChipImage.Load(Write(_image, "same.mfchip")).LayerCount);

    private byte[] Flip(long at)
    {
        var copy = (byte[])_image.Clone();
        copy[at] ^= 0x10;
        return copy;
    }

    private MemfluxException LoadError(byte[] bytes, string name)
    {
        string path = Write(bytes, name);
        var e = Assert.Throws<MemfluxException>(() => ChipImage.Load(path));
        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        return e;
    }

    private string Write(byte[] bytes, string name)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
