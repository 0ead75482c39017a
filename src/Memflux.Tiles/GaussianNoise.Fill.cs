using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Memflux.Tiles;

public static partial class GaussianNoise
{
    /// <summary>SplitMix64's increment: <see cref="Memflux.Numerics.CounterRandom.Bits"/> hashes key ^ counter·Golden.</summary>
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>
    /// Fills <paramref name="destination"/>[i] with <see cref="Sample"/>(key, firstCounter + i). Counters 4g … 4g + 3 share
    /// the hash of g, so a run costs one hash per four values: eight hashes (32 values) at a time with AVX-512DQ, four
    /// (16 values) with AVX2, the table read by 8-lane gathers.
    /// </summary>
    public static void Fill(ulong key, ulong firstCounter, Span<float> destination)
    {
        int i = 0, n = destination.Length;
        for (; i < n && ((firstCounter + (ulong)i) & 3) != 0; i++)
        {
            destination[i] = Sample(key, firstCounter + (ulong)i);
        }

        if (Avx2.IsSupported)
        {
            i += Avx512DQ.IsSupported
                ? Fill32(key, (firstCounter + (ulong)i) >> 2, destination[i..])
                : Fill16(key, (firstCounter + (ulong)i) >> 2, destination[i..]);
        }

        for (; i < n; i++)
        {
            destination[i] = Sample(key, firstCounter + (ulong)i);
        }
    }

    /// <summary>Values of hash groups firstGroup, firstGroup + 1, …, 32 at a time; returns how many it wrote.</summary>
    private static unsafe int Fill32(ulong key, ulong firstGroup, Span<float> destination)
    {
        var k = Vector512.Create(key);
        int i = 0;
        fixed (float* table = Quantiles, d = destination)
        {
            for (; i <= destination.Length - 32; i += 32)
            {
                var (low, high) = Sample32(k, firstGroup + (ulong)(i / 4), table);
                low.Store(d + i);
                high.Store(d + i + 16);
            }
        }

        return i;
    }

    /// <summary>
    /// The 32 samples of counters [4·<paramref name="firstGroup"/>, +32) in order (<see cref="Sample"/> of each), in two
    /// registers, for a caller that uses them at once (needs AVX-512DQ; see <see cref="FusedSamples"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe (Vector512<float> Low, Vector512<float> High) Sample32(Vector512<ulong> key, ulong firstGroup, float* table)
    {
        // Lanes hash groups firstGroup … + 7 (group·Golden steps by Golden). Little-endian: the 16-bit field f of hash h is
        // value 4h + f, so the fields in memory order are the values in order; each field's top TableBits index the table.
        var (low, high) = Vector512.Widen(Mix(key ^ (Vector512.Create(firstGroup * Golden) + GoldenSteps)).AsUInt16());
        (low, high) = (low >>> (FieldBits - TableBits), high >>> (FieldBits - TableBits));
        return (
            Vector512.Create(Avx2.GatherVector256(table, low.GetLower().AsInt32(), 4), Avx2.GatherVector256(table, low.GetUpper().AsInt32(), 4)),
            Vector512.Create(Avx2.GatherVector256(table, high.GetLower().AsInt32(), 4), Avx2.GatherVector256(table, high.GetUpper().AsInt32(), 4)));
    }

    /// <summary>Whether <see cref="Sample32"/> runs here.</summary>
    internal static bool FusedSamples => Avx512DQ.IsSupported;

    /// <summary>The quantile table, pinned for <see cref="Sample32"/>.</summary>
    internal static ReadOnlySpan<float> Table => Quantiles;

    private static readonly Vector512<ulong> GoldenSteps = Vector512<ulong>.Indices * Golden;

    /// <summary>As <see cref="Fill32"/> with four hashes (16 values) at a time.</summary>
    private static unsafe int Fill16(ulong key, ulong firstGroup, Span<float> destination)
    {
        ulong first = firstGroup * Golden;
        var scrambled = Vector256.Create(first) + (Vector256<ulong>.Indices * Golden);
        var advance = Vector256.Create(unchecked(4 * Golden));
        var k = Vector256.Create(key);
        int i = 0;
        fixed (float* table = Quantiles, d = destination)
        {
            for (; i <= destination.Length - 16; i += 16, scrambled += advance)
            {
                var (low, high) = Vector256.Widen(Mix(k ^ scrambled).AsUInt16());
                (low, high) = (low >>> (FieldBits - TableBits), high >>> (FieldBits - TableBits));
                Gather8(table, low, d + i);
                Gather8(table, high, d + i + 8);
            }
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Gather8(float* table, Vector256<uint> index, float* destination) =>
        Avx2.GatherVector256(table, index.AsInt32(), 4).Store(destination);

    /// <summary>SplitMix64's finalizer on every lane (the mixing of <see cref="Memflux.Numerics.CounterRandom.Bits"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Mix(Vector256<ulong> z)
    {
        z = (z ^ (z >>> 30)) * Vector256.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >>> 27)) * Vector256.Create(0x94D049BB133111EBUL);
        return z ^ (z >>> 31);
    }

    /// <summary>As the Vector256 overload.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Mix(Vector512<ulong> z)
    {
        z = (z ^ (z >>> 30)) * Vector512.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >>> 27)) * Vector512.Create(0x94D049BB133111EBUL);
        return z ^ (z >>> 31);
    }
}
