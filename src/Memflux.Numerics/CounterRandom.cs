namespace Memflux.Numerics;

/// <summary>
/// Counter-based random numbers: every value is a pure function of a 64-bit key and a counter, so a sample keyed by
/// (seed, tile, device, read) is the same whichever thread draws it and in whatever order. The mixing function is the
/// SplitMix64 finaliser (Steele, Lea and Flood, OOPSLA 2014); normals use the Box–Muller transform on the two 32-bit
/// halves of one hash, so |z| ≤ 6.66.
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
    public static float Normal(ulong key, ulong counter)
    {
        ulong bits = Bits(key, counter);
        double u1 = ((bits >> 32) + 1.0) * (1.0 / 4294967296.0); // (0, 1]
        double u2 = (bits & 0xFFFFFFFFUL) * (1.0 / 4294967296.0); // [0, 1)
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    /// <summary>Fills <paramref name="destination"/>[i] with <see cref="Normal"/>(key, firstCounter + i).</summary>
    public static void FillNormal(ulong key, ulong firstCounter, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Normal(key, firstCounter + (ulong)i);
        }
    }
}
