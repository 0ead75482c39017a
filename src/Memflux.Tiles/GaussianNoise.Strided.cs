using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Memflux.Tiles;

public static partial class GaussianNoise
{
    /// <summary>SplitMix64's increment: <see cref="Memflux.Numerics.CounterRandom.Bits"/> hashes key ^ counter·Golden.</summary>
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>
    /// Fills <paramref name="destination"/>[i] with <see cref="Sample"/>(key, firstCounter + i·stride): the noise of one
    /// column of a row-major (row, column) counter grid, read down the column. Four hashes at a time where AVX2 gathers.
    /// </summary>
    public static void FillStrided(ulong key, ulong firstCounter, ulong stride, Span<float> destination)
    {
        int i = Avx512DQ.IsSupported ? FillStridedAvx512(key, firstCounter, stride, destination)
            : Avx2.IsSupported ? FillStridedAvx2(key, firstCounter, stride, destination) : 0;
        ulong counter = firstCounter + ((ulong)i * stride);
        for (; i < destination.Length; i++, counter += stride)
        {
            destination[i] = Sample(key, counter);
        }
    }

    /// <summary>The vector part of <see cref="FillStrided"/>; returns how many values it wrote (a multiple of 4).</summary>
    private static unsafe int FillStridedAvx2(ulong key, ulong firstCounter, ulong stride, Span<float> destination)
    {
        // counter·Golden advances by stride·Golden per value (mod 2⁶⁴), so the lanes step by additions.
        ulong first = firstCounter * Golden, step = stride * Golden;
        var scrambled = Vector256.Create(first, first + step, first + (2 * step), first + (3 * step));
        var advance = Vector256.Create(4 * step);
        var k = Vector256.Create(key);
        int i = 0;
        fixed (float* table = Quantiles, d = destination)
        {
            for (; i <= destination.Length - 4; i += 4, scrambled += advance)
            {
                var z = Mix(k ^ scrambled);
                Avx2.GatherVector128(table, (z >>> (64 - TableBits)).AsInt64(), 4).Store(d + i);
            }
        }

        return i;
    }

    /// <summary>
    /// <see cref="FillStridedAvx2"/> eight hashes at a time: AVX-512DQ multiplies 64-bit lanes natively (AVX2 emulates
    /// it), and the two halves gather from the table; returns how many values it wrote (a multiple of 8).
    /// </summary>
    private static unsafe int FillStridedAvx512(ulong key, ulong firstCounter, ulong stride, Span<float> destination)
    {
        ulong first = firstCounter * Golden, step = stride * Golden;
        var scrambled = Vector512.Create(first, first + step, first + (2 * step), first + (3 * step), first + (4 * step), first + (5 * step), first + (6 * step), first + (7 * step));
        var advance = Vector512.Create(8 * step);
        var k = Vector512.Create(key);
        int i = 0;
        fixed (float* table = Quantiles, d = destination)
        {
            for (; i <= destination.Length - 8; i += 8, scrambled += advance)
            {
                var index = (Mix(k ^ scrambled) >>> (64 - TableBits)).AsInt64();
                Avx2.GatherVector128(table, index.GetLower(), 4).Store(d + i);
                Avx2.GatherVector128(table, index.GetUpper(), 4).Store(d + i + 4);
            }
        }

        return i + FillStridedAvx2(key, firstCounter + ((ulong)i * stride), stride, destination[i..]);
    }

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
