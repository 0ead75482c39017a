using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Memflux.Numerics;

/// <summary>
/// Counter-based random numbers: every value is a pure function of a 64-bit key and a counter, so a sample keyed by
/// (seed, tile, device, read) is the same whichever thread draws it and in whatever order. The mixing function is the
/// SplitMix64 finaliser (Steele, Lea and Flood, OOPSLA 2014); normals use the Box–Muller transform (cosine branch) on
/// the two 32-bit halves of one hash, computed in single precision eight lanes at a time, so |z| ≤ 6.66. The scalar
/// <see cref="Normal"/> runs the same eight-lane code, so a value never depends on where a block starts or ends.
/// </summary>
public static class CounterRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>Hashes a 64-bit value (the SplitMix64 finaliser).</summary>
    public static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A key for one stream: <paramref name="seed"/> combined with up to three stream coordinates.</summary>
    public static ulong Key(ulong seed, ulong a, ulong b = 0, ulong c = 0)
    {
        ulong k = Finalize(seed + Golden);
        k = Finalize(k ^ ((a + 1) * 0xD1B54A32D192ED69UL));
        k = Finalize(k ^ ((b + 1) * 0xAEF17502108EF2D9UL));
        return Finalize(k ^ ((c + 1) * 0xDB4F0B9175AE2165UL));
    }

    /// <summary>64 random bits at (<paramref name="key"/>, <paramref name="counter"/>).</summary>
    public static ulong Bits(ulong key, ulong counter) => Finalize(key ^ (counter * Golden));

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public static float Uniform(ulong key, ulong counter) => (Bits(key, counter) >> 40) * (1f / (1 << 24));

    /// <summary>A standard normal sample at (<paramref name="key"/>, <paramref name="counter"/>).</summary>
    public static float Normal(ulong key, ulong counter) => Normal8(key, counter).GetElement(0);

    /// <summary>Eight uniforms: lane i is <see cref="Uniform"/>(key, firstCounter + i).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Uniform8(ulong key, ulong firstCounter)
    {
        (Vector256<ulong> a, Vector256<ulong> b) = Bits8(key, firstCounter);
        Vector256<uint> top24 = Vector256.Narrow(a >>> 40, b >>> 40);
        return Vector256.ConvertToSingle(top24) * (1f / (1 << 24));
    }

    /// <summary>Eight standard normals: lane i is <see cref="Normal"/>(key, firstCounter + i).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Normal8(ulong key, ulong firstCounter)
    {
        (Vector256<ulong> a, Vector256<ulong> b) = Bits8(key, firstCounter);
        Vector256<uint> high = Vector256.Narrow(a >>> 32, b >>> 32);
        Vector256<uint> low = Vector256.Narrow(a, b);
        const float TwoToMinus32 = 1f / 4294967296f;
        Vector256<float> u1 = (Vector256.ConvertToSingle(high) + Vector256<float>.One) * TwoToMinus32; // (0, 1]
        Vector256<float> u2 = Vector256.ConvertToSingle(low) * TwoToMinus32; // [0, 1]
        Vector256<float> radius = Vector256.Sqrt(Vector256.Create(-2f) * FloatVectorMath.Log(u1));
        return radius * FloatVectorMath.CosTwoPi(u2);
    }

    /// <summary>Fills <paramref name="destination"/>[i] with <see cref="Normal"/>(key, firstCounter + i).</summary>
    public static void FillNormal(ulong key, ulong firstCounter, Span<float> destination)
    {
        int i = 0;
        ref float d = ref MemoryMarshal.GetReference(destination);
        for (; i <= destination.Length - 8; i += 8)
        {
            Normal8(key, firstCounter + (ulong)i).StoreUnsafe(ref d, (nuint)i);
        }

        if (i < destination.Length)
        {
            Vector256<float> tail = Normal8(key, firstCounter + (ulong)i);
            for (int lane = 0; i < destination.Length; i++, lane++)
            {
                destination[i] = tail.GetElement(lane);
            }
        }
    }

    private static readonly Vector256<ulong> LaneOffsetsLow = Vector256.Create(0UL, 1, 2, 3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<ulong> Lanes0To3, Vector256<ulong> Lanes4To7) Bits8(ulong key, ulong firstCounter)
    {
        Vector256<ulong> counters = Vector256.Create(firstCounter) + LaneOffsetsLow;
        Vector256<ulong> k = Vector256.Create(key);
        Vector256<ulong> golden = Vector256.Create(Golden);
        Vector256<ulong> a = Finalize8(k ^ (counters * golden));
        Vector256<ulong> b = Finalize8(k ^ ((counters + Vector256.Create(4UL)) * golden));
        return (a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Finalize8(Vector256<ulong> z)
    {
        z = (z ^ (z >>> 30)) * Vector256.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >>> 27)) * Vector256.Create(0x94D049BB133111EBUL);
        return z ^ (z >>> 31);
    }
}
