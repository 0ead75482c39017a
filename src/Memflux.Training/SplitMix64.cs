namespace Memflux.Training;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014): a small seeded generator, plus a counter-based hash so that a value
/// keyed by (seed, stream, counter) is the same whatever order or thread computes it.
/// </summary>
public struct SplitMix64
{
    private ulong _state;

    /// <summary>Creates a generator from <paramref name="seed"/>.</summary>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>Hashes a 64-bit value (the SplitMix64 finaliser).</summary>
    public static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Combines a seed and a stream number into a new, well-mixed seed.</summary>
    public static ulong Mix(ulong seed, ulong stream) => Finalize(Finalize(seed + 0x9E3779B97F4A7C15UL) ^ (stream * 0xD1B54A32D192ED69UL));

    /// <summary>A uniform float in [0, 1) keyed by (<paramref name="key"/>, <paramref name="counter"/>).</summary>
    public static float UniformAt(ulong key, ulong counter) => (Finalize(key ^ (counter * 0x9E3779B97F4A7C15UL)) >> 40) * (1f / (1 << 24));

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Finalize(_state);
    }

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>A uniform integer in [0, <paramref name="exclusiveMax"/>) (Lemire's multiply-shift, bias below 2⁻³²).</summary>
    public int NextInt(int exclusiveMax) => (int)(((NextUInt64() >> 32) * (ulong)exclusiveMax) >> 32);
}
