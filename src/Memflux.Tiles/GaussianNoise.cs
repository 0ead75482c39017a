using System.Numerics.Tensors;
using Memflux.Numerics;

namespace Memflux.Tiles;

/// <summary>
/// Counter-based Gaussian noise for the hot path: sample c is a pure function of (key, c), as with
/// <see cref="CounterRandom.Normal"/>, but drawn by inverse-CDF lookup: the top 12 bits of a 16-bit field of a
/// <see cref="CounterRandom.Bits"/> hash pick one of 2¹² equiprobable quantiles Φ⁻¹((j + ½)/2¹²), scaled by 1.00016 to
/// unit variance, so the tails are cut at ±3.67σ (|ξ| &gt; 3.67 has probability 2.4e-4 under N(0, 1)). The 64-bit hash
/// of c/4 gives counters 4·(c/4) … 4·(c/4) + 3 its four 16-bit fields (field c mod 4, low first), so a run of counters
/// costs a hash per four samples, and the 16 KiB table stays in L1 for the gathers (a 2¹⁶ table, 256 KiB, made the
/// analog convolutions' output noise about 1.6× slower). A Box–Muller or rational Φ⁻¹ sample costs a logarithm: a
/// vectorized AS241 with log and square root measured 3× slower than the L2 table here.
/// </summary>
public static partial class GaussianNoise
{
    private const int TableBits = 12;

    /// <summary>Bits of the hash per sample: four samples per 64-bit hash; the table index is the field's top <see cref="TableBits"/>.</summary>
    private const int FieldBits = 16;

    private static readonly float[] Quantiles = BuildQuantiles();

    /// <summary>The standard normal sample at (<paramref name="key"/>, <paramref name="counter"/>).</summary>
    public static float Sample(ulong key, ulong counter) =>
        Quantiles[(int)(CounterRandom.Bits(key, counter >> 2) >> ((int)(counter & 3) * FieldBits) >> (FieldBits - TableBits)) & ((1 << TableBits) - 1)];

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

    /// <summary>
    /// Φ⁻¹ at the 2¹² midpoint probabilities, by inverting a trapezoid-integrated CDF on a fine grid, then scaled so the
    /// table's variance is exactly 1 (the midpoint quantiles alone have variance 0.99968).
    /// </summary>
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

        double variance = table.Sum(v => (double)v * v) / size;
        float scale = (float)(1 / Math.Sqrt(variance));
        for (int j = 0; j < size; j++)
        {
            table[j] *= scale;
        }

        return table;
    }
}
