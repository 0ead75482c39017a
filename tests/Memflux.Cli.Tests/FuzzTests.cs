using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Memflux.Chip.Analog;
using Memflux.Chip.Hardware;
using Memflux.Chip.Image;
using Memflux.Data;
using Memflux.Devices;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Cli.Tests;

/// <summary>
/// A seeded mutation fuzzer over every reader of files from other people (issue 18, "Also"). Each case takes a valid
/// input, applies one to four mutations (bit flips, interesting bytes and 32-bit values, truncation, duplicated or
/// inserted chunks, and for text formats numbers replaced by huge, negative or non-finite ones) and parses it: the
/// parser must either succeed or throw <see cref="MemfluxException"/>. Any other exception fails the test with the
/// target, seed, case index and mutations, so the case can be replayed. Deterministic per seed.
/// <para>
/// <c>MEMFLUX_FUZZ_CASES=N</c> runs N cases per target instead of the default; <c>MEMFLUX_FUZZ_SEED=S</c> changes the
/// seed (default 18). Replay one case with both and <c>MEMFLUX_FUZZ_CASE=I</c>.
/// </para>
/// </summary>
public sealed partial class FuzzTests
{
    private static readonly byte[] InterestingBytes = [0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE];
    private static readonly uint[] InterestingInts = [0, 1, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFF, 0x10000, 0x7FFFFFFE];
    private static readonly string[] InterestingNumbers =
        ["0", "-0", "-1", "1e309", "-1e309", "1e38", "3.5e38", "1e-320", "NaN", "Infinity", "-Infinity", "99999999999999999999", "-2147483649", "2147483648", "4294967296", "0.0000001", "1e400", "-9e18"];

    private static int Cases(int defaultCases) =>
        int.TryParse(Environment.GetEnvironmentVariable("MEMFLUX_FUZZ_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : defaultCases;

    private static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("MEMFLUX_FUZZ_SEED"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int s) ? s : 18;

    private static int? OnlyCase =>
        int.TryParse(Environment.GetEnvironmentVariable("MEMFLUX_FUZZ_CASE"), NumberStyles.None, CultureInfo.InvariantCulture, out int c) ? c : null;

    [Fact]
    public void Onnx_importer_fails_only_with_MemfluxException()
    {
        byte[][] corpus =
        [
            new OnnxModelBuilder().Input("x", [1, 4]).Initializer("w", RandomTensors.Uniform(1, [4, 3])).Initializer("b", RandomTensors.Uniform(2, [3]), raw: true)
                .Node("MatMul", ["x", "w"], ["h"]).Node("Add", ["h", "b"], ["y"]).Output("y").Build(),
            new OnnxModelBuilder().Input("x", [1, 2, 5, 5]).Initializer("w", RandomTensors.Uniform(3, [3, 2, 3, 3]), raw: true)
                .Node("Conv", ["x", "w"], ["c"], ("pads", new long[] { 1, 1, 1, 1 })).Node("Relu", ["c"], ["r"])
                .Node("MaxPool", ["r"], ["p"], ("kernel_shape", new long[] { 2, 2 })).Node("Flatten", ["p"], ["y"]).Output("y").Build(),
            new OnnxModelBuilder().Input("x", [2, 3]).Initializer("s", Tensor.Vector(3, 2))
                .Node("Reshape", ["x", "s"], ["r"]).Node("Transpose", ["r"], ["t"], ("perm", new long[] { 1, 0 })).Node("Softmax", ["t"], ["y"]).Output("y").Build(),
        ];
        var options = new ImportOptions { Pipeline = PassPipeline.Default };
        Fuzz("onnx", corpus, Cases(4000), text: false, bytes => OnnxImporter.Load(bytes, "fuzz.onnx", options));
    }

    [Fact]
    public void Chip_spec_loader_fails_only_with_MemfluxException()
    {
        byte[][] corpus = [.. ChipPresets.Names.Select(name => Encoding.UTF8.GetBytes(ChipPresets.Json(name)))];
        Fuzz("chip-spec", corpus, Cases(4000), text: true, bytes => ChipSpecLoader.Parse(Encoding.UTF8.GetString(bytes), "fuzz.json"));
    }

    [Fact]
    public void Chip_image_loader_fails_only_with_MemfluxException()
    {
        string directory = Directory.CreateTempSubdirectory("memflux-fuzz-").FullName;
        try
        {
            byte[] model = new OnnxModelBuilder().Input("x", [1, 6]).Initializer("w", RandomTensors.Uniform(1, [6, 5]))
                .Node("MatMul", ["x", "w"], ["y"]).Output("y").Build();
            var graph = OnnxImporter.Load(model, "tiny", new ImportOptions { Pipeline = PassPipeline.Default });
            var preset = AnalogPreset.Pcm with { Tiles = AnalogPreset.Pcm.Tiles with { Rows = 4, Columns = 4 } };
            string good = Path.Combine(directory, "good.mfchip");
            ChipImage.Save(good, AnalogChip.Create(graph, preset, seed: 3), model, "tiny", ChipPresets.Hermes, "hermes");
            string path = Path.Combine(directory, "fuzz.mfchip");
            Fuzz("chip-image", [File.ReadAllBytes(good)], Cases(600), text: false, bytes =>
            {
                File.WriteAllBytes(path, bytes);
                ChipImage.Load(path);
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Idx_reader_fails_only_with_MemfluxException()
    {
        byte[] images = [.. Enumerable.Range(0, 3 * 4 * 5).Select(i => (byte)(i * 7))];
        byte[] labels = [.. Enumerable.Range(0, 6).Select(i => (byte)i)];
        byte[][] corpus =
        [
            IdxWriter.Serialize([3, 4, 5], images, gzip: false),
            IdxWriter.Serialize([3, 4, 5], images, gzip: true),
            IdxWriter.Serialize([6], labels, gzip: false),
            IdxWriter.Serialize([6], labels, gzip: true),
        ];
        Fuzz("idx", corpus, Cases(4000), text: false, bytes => IdxReader.Parse(bytes, "fuzz.idx"));
    }

    [Fact]
    public void A_gzipped_idx_whose_header_declares_two_billion_bytes_is_refused_without_allocating_them()
    {
        // Found by the IDX fuzz target: Decompress allocated the declared size (up to 2 GB) before reading the stream.
        byte[] plain = [0, 0, 8, 1, 0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3];
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionMode.Compress, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<MemfluxException>(() => IdxReader.Parse(compressed.ToArray(), "bomb.idx.gz"));
        Assert.Contains("bomb.idx.gz", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < (16 << 20), "allocated the declared size");
    }

    [Fact]
    public void Npy_and_npz_readers_fail_only_with_MemfluxException()
    {
        var arrays = new[]
        {
            KeyValuePair.Create("x", RandomTensors.Uniform(1, [2, 3])),
            KeyValuePair.Create("n", RandomTensors.UniformInt64(2, [4])),
        };
        byte[][] npy = [.. arrays.Select(a => Npy(a.Value, 1, false)), Npy(arrays[0].Value, 2, true)];
        Fuzz("npy", npy, Cases(3000), text: false, bytes => NpyReader.Parse(bytes, "fuzz.npy"));

        byte[][] npz = [Npz(arrays, compressed: false), Npz(arrays, compressed: true)];
        Fuzz("npz", npz, Cases(2000), text: false, bytes =>
        {
            using var stream = new MemoryStream(bytes, writable: false);
            NpzReader.Read(stream, "fuzz.npz", maxTotalBytes: 1 << 20);
        });
    }

    [Fact]
    public void Device_csv_parser_fails_only_with_MemfluxException()
    {
        byte[][] corpus =
        [
            File.ReadAllBytes(RepositoryPaths.Combine("data", "devices", "pcm-like-example.csv")),
            "g_target_uS,sigma_prog_uS,drift_nu_mean,drift_nu_std\n0,0.5,0.05,0.01\n10,1.5,0.05,0.01\n"u8.ToArray(),
        ];
        Fuzz("device-csv", corpus, Cases(4000), text: true, bytes =>
            CustomDeviceCsv.Parse(Encoding.UTF8.GetString(bytes).Split('\n'), "fuzz.csv"));
    }

    private static byte[] Npy(Tensor tensor, int version, bool bigEndian)
    {
        using var stream = new MemoryStream();
        NpyWriter.Write(stream, tensor, version, bigEndian);
        return stream.ToArray();
    }

    private static byte[] Npz(IEnumerable<KeyValuePair<string, Tensor>> arrays, bool compressed)
    {
        using var stream = new MemoryStream();
        NpyWriter.WriteArchive(stream, arrays, compressed);
        return stream.ToArray();
    }

    /// <summary>Runs <paramref name="cases"/> mutated inputs through <paramref name="parse"/>; fails listing every case that threw anything but <see cref="MemfluxException"/>.</summary>
    private static void Fuzz(string target, byte[][] corpus, int cases, bool text, Action<byte[]> parse)
    {
        int seed = Seed;
        var failures = new List<string>();
        int first = OnlyCase ?? 0, last = OnlyCase is int c ? c + 1 : cases;
        for (int i = first; i < last && failures.Count < 20; i++)
        {
            var random = new Random(unchecked((seed * 1_000_003) + (i * 7919)) ^ StableHash(target)); // not HashCode: that is randomised per process
            int pick = random.Next(corpus.Length);
            var (input, mutations) = Mutate(random, corpus[pick], text);
            try
            {
                parse(input);
            }
            catch (MemfluxException)
            {
            }
#pragma warning disable CA1031 // the point is to catch every other exception type and report it
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures.Add($"{target}: seed {seed}, case {i} (input {pick}; {mutations}): {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} case(s) threw something other than MemfluxException " +
            $"(replay with MEMFLUX_FUZZ_SEED={seed} MEMFLUX_FUZZ_CASE=N):\n" + string.Join('\n', failures));
    }

    private static int StableHash(string s)
    {
        int h = 17;
        foreach (char ch in s)
        {
            h = unchecked((h * 31) + ch);
        }

        return h;
    }

    /// <summary>One to four mutations of a copy of <paramref name="original"/>; inputs never grow past twice the original plus 4 KiB.</summary>
    private static (byte[] Input, string Mutations) Mutate(Random random, byte[] original, bool text)
    {
        var data = new List<byte>(original);
        var log = new List<string>();
        int count = 1 + random.Next(4);
        int limit = (original.Length * 2) + 4096;
        for (int m = 0; m < count; m++)
        {
            int kind = random.Next(text ? 7 : 6);
            int at = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (kind)
            {
                case 0 when data.Count > 0:
                    int bit = random.Next(8);
                    data[at] ^= (byte)(1 << bit);
                    log.Add($"flip {at}.{bit}");
                    break;
                case 1 when data.Count > 0:
                    byte value = InterestingBytes[random.Next(InterestingBytes.Length)];
                    data[at] = value;
                    log.Add($"set {at}=0x{value:X2}");
                    break;
                case 2 when data.Count >= 4:
                    uint word = InterestingInts[random.Next(InterestingInts.Length)];
                    at = random.Next(data.Count - 3);
                    bool big = random.Next(2) == 0;
                    for (int b = 0; b < 4; b++)
                    {
                        data[at + b] = (byte)(word >> (8 * (big ? 3 - b : b)));
                    }

                    log.Add($"set32{(big ? "be" : "le")} {at}=0x{word:X8}");
                    break;
                case 3:
                    data.RemoveRange(at, data.Count - at);
                    log.Add($"cut {at}");
                    break;
                case 4 when data.Count > 0:
                    int length = Math.Min(1 + random.Next(64), data.Count - at);
                    int to = random.Next(data.Count + 1);
                    if (data.Count + length <= limit)
                    {
                        data.InsertRange(to, data.GetRange(at, length));
                        log.Add($"dup {at}+{length}->{to}");
                    }

                    break;
                case 5:
                    int insert = 1 + random.Next(16);
                    if (data.Count + insert <= limit)
                    {
                        var bytes = new byte[insert];
                        random.NextBytes(bytes);
                        data.InsertRange(at, bytes);
                        log.Add($"insert {at}+{Convert.ToHexString(bytes)}");
                    }

                    break;
                case 6:
                    string s = Encoding.UTF8.GetString([.. data]);
                    var numbers = Number().Matches(s);
                    if (numbers.Count > 0)
                    {
                        var match = numbers[random.Next(numbers.Count)];
                        string replacement = InterestingNumbers[random.Next(InterestingNumbers.Length)];
                        s = string.Concat(s.AsSpan(0, match.Index), replacement, s.AsSpan(match.Index + match.Length));
                        data = [.. Encoding.UTF8.GetBytes(s)];
                        log.Add($"number {match.Index} '{match.Value}'->'{replacement}'");
                    }

                    break;
                default:
                    break;
            }
        }

        return ([.. data], log.Count == 0 ? "unchanged" : string.Join(", ", log));
    }

    [GeneratedRegex(@"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")]
    private static partial Regex Number();
}
