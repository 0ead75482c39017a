using System.Text;
using Memflux.Numerics;

namespace Memflux.Data.Tests;

public sealed class NpyReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("memflux-npy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<DataType, int, bool> EveryTypeVersionAndByteOrder()
    {
        var data = new TheoryData<DataType, int, bool>();
        foreach (var type in DataTypes.All)
        {
            foreach (int version in new[] { 1, 2, 3 })
            {
                data.Add(type, version, false);
                data.Add(type, version, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTypeVersionAndByteOrder))]
    public void Round_trips_every_type_in_every_version_and_byte_order(DataType type, int version, bool bigEndian)
    {
        var tensor = Sample(type, new TensorShape(3, 1, 5));
        using var stream = new MemoryStream();
        NpyWriter.Write(stream, tensor, version, bigEndian);
        byte[] bytes = stream.ToArray();

        Assert.Equal(version, bytes[6]);
        Assert.Equal(0, (bytes.Length - (tensor.Length * type.Size())) % 64);
        string header = Encoding.ASCII.GetString(bytes, 0, bytes.Length - (tensor.Length * type.Size()));
        Assert.Contains($"'descr': '{NpyDTypes.Descr(type, bigEndian)}'", header, StringComparison.Ordinal);
        var read = NpyReader.Parse(bytes, "x.npy");
        AssertSame(tensor, read);

        string path = Path.Combine(_dir, "x.npy");
        File.WriteAllBytes(path, bytes);
        AssertSame(tensor, NpyReader.Read(path));
    }

    [Fact]
    public void Big_endian_bytes_are_most_significant_first()
    {
        using var stream = new MemoryStream();
        NpyWriter.Write(stream, Tensor.From(new int[] { 0x01020304 }, new TensorShape(1)), bigEndian: true);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, stream.ToArray()[^4..]);
    }

    // Golden bytes from NumPy 1.24.2:
    //   f = io.BytesIO(); np.save(f, np.array([[1.5, -2, 3], [0.25, 1e30, -0.0]], dtype='<f4')); f.getvalue().hex()
    private const string NumPyFloat32 = "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0000c03f000000c0000040400000803ecaf2497100000080";

    //   np.save(f, np.array([1, -2, 2**40], dtype='>i8'))
    private const string NumPyBigEndianInt64 = "934e554d5059010076007b276465736372273a20273e6938272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028332c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0000000000000001fffffffffffffffe0000010000000000";

    //   np.save(f, np.asfortranarray(np.arange(6, dtype='<i2').reshape(2, 3)))
    private const string NumPyFortranInt16 = "934e554d5059010076007b276465736372273a20273c6932272c2027666f727472616e5f6f72646572273a20547275652c20277368617065273a2028322c2033292c207d20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a000003000100040002000500";

    //   np.save(f, np.array(True))
    private const string NumPyBoolScalar = "934e554d5059010076007b276465736372273a20277c6231272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028292c207d20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a01";

    [Fact]
    public void Reads_files_numpy_wrote()
    {
        var f = NpyReader.Parse(Convert.FromHexString(NumPyFloat32), "f.npy");
        Assert.Equal(new TensorShape(2, 3), f.Shape);
        Assert.Equal([1.5f, -2, 3, 0.25f, 1e30f, -0.0f], f.AsArray<float>());
        Assert.True(float.IsNegative(f.AsArray<float>()[5]));

        var i = NpyReader.Parse(Convert.FromHexString(NumPyBigEndianInt64), "i.npy");
        Assert.Equal(DataType.Int64, i.Type);
        Assert.Equal([1L, -2, 1L << 40], i.AsArray<long>());

        var b = NpyReader.Parse(Convert.FromHexString(NumPyBoolScalar), "b.npy");
        Assert.Equal(TensorShape.Scalar, b.Shape);
        Assert.Equal([true], b.AsArray<bool>());
    }

    [Fact]
    public void Fortran_order_is_transposed_into_row_major()
    {
        var t = NpyReader.Parse(Convert.FromHexString(NumPyFortranInt16), "fortran.npy");
        Assert.Equal(new TensorShape(2, 3), t.Shape);
        Assert.Equal(new short[] { 0, 1, 2, 3, 4, 5 }, t.AsArray<short>());
    }

    [Fact]
    public void Fortran_order_of_rank_three_matches_the_c_order_array()
    {
        // Column-major (2, 3, 4): element (i, j, k) is at i + 2j + 6k.
        var data = new float[24];
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                for (int k = 0; k < 4; k++)
                {
                    data[i + (2 * j) + (6 * k)] = (100 * i) + (10 * j) + k;
                }
            }
        }

        var t = NpyReader.Parse(Hand("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3, 4), }", Bytes(data)), "f3.npy");
        Assert.Equal(new TensorShape(2, 3, 4), t.Shape);
        Assert.Equal(Enumerable.Range(0, 24).Select(n => (float)((100 * (n / 12)) + (10 * (n / 4 % 3)) + (n % 4))), t.AsArray<float>());
    }

    [Theory]
    [InlineData("()", 1)]
    [InlineData("(0,)", 0)]
    [InlineData("(2, 0, 3)", 0)]
    [InlineData("(0, 5)", 0)]
    public void Reads_scalars_and_empty_arrays(string shape, int elements)
    {
        var t = NpyReader.Parse(Hand($"{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}", new byte[elements * 8]), "s.npy");
        Assert.Equal(elements, t.Length);
        Assert.Equal(DataType.Float64, t.Type);
    }

    [Fact]
    public void Written_scalars_and_empty_arrays_round_trip()
    {
        foreach (var shape in new[] { TensorShape.Scalar, new TensorShape(0), new TensorShape(4, 0) })
        {
            using var stream = new MemoryStream();
            var tensor = Sample(DataType.Int32, shape);
            NpyWriter.Write(stream, tensor);
            AssertSame(tensor, NpyReader.Parse(stream.ToArray(), "e.npy"));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Reads_hand_made_version_2_and_3_headers(int version)
    {
        // Double quotes, no trailing comma, keys in another order, extra spaces: all valid Python literals.
        byte[] bytes = Hand("{ \"shape\" : (2,) , \"fortran_order\":False, \"descr\":\"<u2\" }", [1, 0, 0, 1], version);
        var t = NpyReader.Parse(bytes, "v.npy");
        Assert.Equal(new ushort[] { 1, 256 }, t.AsArray<ushort>());
    }

    [Fact]
    public void Bool_bytes_other_than_one_read_as_true()
    {
        var t = NpyReader.Parse(Hand("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", [0, 1, 7]), "b.npy");
        Assert.Equal([false, true, true], t.AsArray<bool>());
        Assert.Equal(new byte[] { 0, 1, 1 }, t.Bytes.ToArray());
    }

    [Fact]
    public void Wrong_magic_names_the_file_and_the_bytes()
    {
        string path = WriteFile("bad.npy", [(byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0]);
        var e = Assert.Throws<MemfluxException>(() => NpyReader.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("934E554D5059", e.Message, StringComparison.Ordinal);
        Assert.Contains("504B0304", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(40)]
    public void Truncated_header_is_an_error_naming_the_file(int keep)
    {
        byte[] full = Convert.FromHexString(NumPyFloat32);
        string path = WriteFile("cut.npy", full[..keep]);
        var e = Assert.Throws<MemfluxException>(() => NpyReader.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Throws<MemfluxException>(() => NpyReader.Parse(full.AsSpan(0, keep), "cut.npy"));
    }

    [Theory]
    [InlineData(-4, "truncated")]
    [InlineData(-1, "truncated")]
    [InlineData(3, "extra bytes")]
    public void Data_length_must_equal_the_declared_shape(int delta, string why)
    {
        byte[] full = Convert.FromHexString(NumPyFloat32);
        byte[] bytes = delta < 0 ? full[..(full.Length + delta)] : [.. full, .. new byte[delta]];
        string path = WriteFile("len.npy", bytes);
        var e = Assert.Throws<MemfluxException>(() => NpyReader.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("'<f4' with shape (2, 3), 24 data bytes", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{24 + delta} bytes follow", e.Message, StringComparison.Ordinal);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_declared_shape_is_an_error_before_allocation()
    {
        // 2^31 elements cannot be a Tensor; 2^28 float64 (2 GiB) could be, but the 8 bytes present are not that.
        var overflow = Assert.Throws<MemfluxException>(() => NpyReader.Parse(Hand("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", new byte[8]), "huge.npy"));
        Assert.Contains("huge.npy", overflow.Message, StringComparison.Ordinal);
        Assert.Contains("elements", overflow.Message, StringComparison.Ordinal);

        string path = WriteFile("big.npy", Hand("{'descr': '<f8', 'fortran_order': False, 'shape': (16384, 16384), }", new byte[8]));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<MemfluxException>(() => NpyReader.Read(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "no array of the declared size was allocated");
        Assert.Contains("2147483648 data bytes", e.Message, StringComparison.Ordinal);
        Assert.Contains("8 bytes follow", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_header_length_is_refused()
    {
        byte[] bytes = Hand("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4], version: 2);
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, 8);
        var e = Assert.Throws<MemfluxException>(() => NpyReader.Parse(bytes, "h.npy"));
        Assert.Contains($"declares {int.MaxValue} bytes", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{NpyHeader.MaxHeaderBytes}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'<c8'", "complex")]
    [InlineData("'<U3'", "strings")]
    [InlineData("'<M8[ns]'", "dates")]
    [InlineData("'<f16'", "float size")]
    [InlineData("'<x4'", "'<x4'")]
    [InlineData("[('a', '<f4'), ('b', '<i4')]", "structured dtype")]
    [InlineData("'|O'", "Python objects")]
    public void Unsupported_dtypes_are_named(string descr, string expected)
    {
        string path = WriteFile("d.npy", Hand($"{{'descr': {descr}, 'fortran_order': False, 'shape': (1,), }}", new byte[8]));
        var e = Assert.Throws<MemfluxException>(() => NpyReader.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'shape': (1,), }", "no 'fortran_order'")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }", "expected True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", "0 or more")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': ('a',), }", "tuple of integers")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", "key 'x'")]
    [InlineData("{'descr': '<f4' 'fortran_order': False, 'shape': (1,)}", "expected ',' or '}'")]
    [InlineData("['descr']", "expected '{'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,", "end of the header")]
    public void Malformed_headers_say_what_was_expected(string header, string expected)
    {
        var e = Assert.Throws<MemfluxException>(() => NpyReader.Parse(Hand(header, new byte[4]), "m.npy"));
        Assert.Contains("m.npy", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_and_byte_change_is_a_memflux_exception_or_an_array()
    {
        byte[] valid = Convert.FromHexString(NumPyFloat32);
        var failures = new List<string>();
        void Check(byte[] bytes, string what)
        {
            try
            {
                NpyReader.Parse(bytes, "v.npy");
                NpyReader.Read(new MemoryStream(bytes), bytes.Length, "v.npy");
            }
            catch (MemfluxException)
            {
            }
            catch (Exception e)
            {
                failures.Add($"{what}: {e.GetType().Name}: {e.Message}");
            }
        }

        for (int keep = 0; keep < valid.Length; keep++)
        {
            Check(valid[..keep], $"first {keep} bytes");
        }

        for (int i = 0; i < 128; i++)
        {
            foreach (byte value in new byte[] { 0, 0x20, 0x27, 0x28, 0x29, 0x2C, 0x39, 0x7B, 0x7D, 0xFF })
            {
                byte[] changed = (byte[])valid.Clone();
                changed[i] = value;
                Check(changed, $"byte {i} = 0x{value:X2}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public void Unknown_version_is_an_error()
    {
        byte[] bytes = Convert.FromHexString(NumPyFloat32);
        bytes[6] = 4;
        var e = Assert.Throws<MemfluxException>(() => NpyReader.Parse(bytes, "v.npy"));
        Assert.Contains("version 4.0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        string path = Path.Combine(_dir, "none.npy");
        var e = Assert.Throws<MemfluxException>(() => NpyReader.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_are_a_rank_one_integer_array()
    {
        string path = Path.Combine(_dir, "labels.npy");
        NpyWriter.Write(path, Tensor.From(new byte[] { 3, 0, 9 }, new TensorShape(3)));
        Assert.Equal([3L, 0, 9], NpyReader.ReadLabels(path));

        NpyWriter.Write(path, Tensor.From(new float[] { 3, 0 }, new TensorShape(2)));
        var e = Assert.Throws<MemfluxException>(() => NpyReader.ReadLabels(path));
        Assert.Contains("rank-1 integer", e.Message, StringComparison.Ordinal);
        Assert.Contains("'<f4' with shape (2,)", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A .npy file made by hand: any header text, padded as NumPy pads it, then <paramref name="data"/>.</summary>
    internal static byte[] Hand(string header, byte[] data, int version = 1)
    {
        int prefix = version == 1 ? 10 : 12;
        string text = header.PadRight(((prefix + header.Length + 1 + 63) / 64 * 64) - prefix - 1) + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)version, 0 };
        bytes.AddRange(version == 1 ? BitConverter.GetBytes((ushort)text.Length) : BitConverter.GetBytes(text.Length));
        bytes.AddRange(Encoding.UTF8.GetBytes(text));
        bytes.AddRange(data);
        return [.. bytes];
    }

    internal static byte[] Bytes(float[] data) => [.. data.SelectMany(BitConverter.GetBytes)];

    /// <summary>Distinct values per element, including each type's extremes.</summary>
    internal static Tensor Sample(DataType type, TensorShape shape)
    {
        var t = Tensor.Zeros(type, shape);
        var bytes = t.Bytes;
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((i * 37) + 11);
        }

        if (type == DataType.Bool)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)(i % 3 == 0 ? 1 : 0);
            }
        }
        else if (type.IsFloatingPoint() && t.Length > 0)
        {
            // Keep fp values ordinary numbers, NaN bits do not round-trip through comparisons.
            for (int i = 0; i < t.Length; i++)
            {
                double v = (i * 0.75) - 3;
                switch (type)
                {
                    case DataType.Float16: t.AsSpan<Half>()[i] = (Half)v; break;
                    case DataType.Float32: t.AsSpan<float>()[i] = (float)v; break;
                    default: t.AsSpan<double>()[i] = v; break;
                }
            }
        }

        return t;
    }

    internal static void AssertSame(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(expected.Bytes.ToArray(), actual.Bytes.ToArray());
    }

    private string WriteFile(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
