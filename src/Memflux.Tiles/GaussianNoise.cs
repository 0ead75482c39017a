using System.Numerics.Tensors;
using Memflux.Numerics;

namespace Memflux.Tiles;

/// <summary>
/// Counter-based Gaussian noise for the hot path: sample c is a pure function of (key, c), as with
/// <see cref="CounterRandom.Normal"/>, but drawn by inverse-CDF lookup: 16 bits of a <see cref="CounterRandom.Bits"/>
/// hash pick one of 2¹⁶ equiprobable quantiles Φ⁻¹((j + ½)/2¹⁶), so the tails are cut at ±4.34σ and the variance is
/// 0.9997. The 64-bit hash of c/4 gives counters 4·(c/4) … 4·(c/4) + 3 its four 16-bit fields (field c mod 4, low
/// first), so a run of counters costs a hash per four samples. A Box–Muller sample costs a logarithm, which
/// TensorPrimitives evaluates in double precision (slower than the GEMM it would decorate); the lookup costs a quarter hash.
/// </summary>
public static partial class GaussianNoise
{
    private const int TableBits = 16;

    private static readonly float[] Quantiles = BuildQuantiles();

    /// <summary>The standard normal sample at (<paramref name="key"/>, <paramref name="counter"/>).</summary>
    public static float Sample(ulong key, ulong counter) =>
        Quantiles[(int)(CounterRandom.Bits(key, counter >> 2) >> (int)((counter & 3) * TableBits)) & ((1 << TableBits) - 1)];

    /// <summary>Adds σ·ξ_i to <paramref name="destination"/>[i], ξ_i = <see cref="Sample"/>(key, firstCounter + i).</summary>
    public static void Add(ulong key, ulong firstCounter, float sigma, Span<float> destination, Span<float> scratch)
    {
        int n = destination.Length;
        if (scratch.Length < n)
        {
            throw new ArgumentException($"scratch must hold {n} values, found {scratch.Length}", nameof(scratch));
        }

        var xi = scratch[..n];
        Fill(key, firstCounter, xi);
        TensorPrimitives.MultiplyAdd(xi, sigma, destination, destination);
    }

    /// <summary>Φ⁻¹ at the 2¹⁶ midpoint probabilities, by inverting a trapezoid-integrated CDF on a fine grid.</summary>
    private static float[] BuildQuantiles()
    {
        const double Lo = -7, Step = 1e-4;
        int points = (int)(14 / Step) + 1;
        var cdf = new double[points];
        double Pdf(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);
        for (int i = 1; i < points; i++)
        {
            double x = Lo + (i * Step);
            cdf[i] = cdf[i - 1] + (0.5 * Step * (Pdf(x - Step) + Pdf(x)));
        }

        int size = 1 << TableBits;
        var table = new float[size];
        int g = 0;
        for (int j = 0; j < size / 2; j++)
        {
            double p = (j + 0.5) / size;
            while (cdf[g + 1] < p)
            {
                g++;
            }

            double x = Lo + ((g + ((p - cdf[g]) / (cdf[g + 1] - cdf[g]))) * Step);
            table[j] = (float)x;
            table[size - 1 - j] = (float)-x; // exact symmetry: mean 0
        }

        return table;
    }
}
