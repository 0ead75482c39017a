namespace Memflux.Tiles;

/// <summary>
/// Weight→conductance mapping. Weights are clipped (<see cref="Clip"/>), divided by a scale s (the tile's or the
/// column's largest clipped magnitude, <see cref="Scaling"/>) so ŵ ∈ [−1, 1], and ŵ is stored on
/// <see cref="SlicesPerWeight"/> differential pairs: slice s holds d_s ∈ [−1, 1] as G⁺ = max(d_s, 0)·g_max,
/// G⁻ = max(−d_s, 0)·g_max, with significance σ_s = base^(−s), and reads back as ŵ = Σ σ_s d_s / Σ σ_s.
/// </summary>
/// <param name="Scaling">Per-tile or per-column weight scale.</param>
/// <param name="Clip">Clipping before scaling.</param>
/// <param name="ClipValue">Fixed clip magnitude (<see cref="WeightClip.Fixed"/>) or k in k·σ_W (<see cref="WeightClip.Sigma"/>).</param>
/// <param name="SlicesPerWeight">Differential pairs per weight (1 = a plain pair).</param>
/// <param name="SliceBase">Significance base between slices (1 = equal significance, as HERMES's two devices per polarity).</param>
public sealed record WeightMapping(
    WeightScaling Scaling = WeightScaling.PerColumn,
    WeightClip Clip = WeightClip.None,
    double ClipValue = 0,
    int SlicesPerWeight = 1,
    double SliceBase = 1)
{
    /// <summary>Significance of slice <paramref name="slice"/>: base^(−slice).</summary>
    public double Significance(int slice) => Math.Pow(SliceBase, -slice);

    /// <summary>Σ_s σ_s over all slices.</summary>
    public double TotalSignificance
    {
        get
        {
            double total = 0;
            for (int s = 0; s < SlicesPerWeight; s++)
            {
                total += Significance(s);
            }

            return total;
        }
    }

    internal void Validate()
    {
        TileConfig.Check(Enum.IsDefined(Scaling), "Mapping.Scaling", "a defined value", Scaling);
        TileConfig.Check(Enum.IsDefined(Clip), "Mapping.Clip", "a defined value", Clip);
        TileConfig.Check(Clip == WeightClip.None || (double.IsFinite(ClipValue) && ClipValue > 0), "Mapping.ClipValue", "a finite value > 0 when clipping", ClipValue);
        TileConfig.Check(SlicesPerWeight is >= 1 and <= 8, "Mapping.SlicesPerWeight", "1..8", SlicesPerWeight);
        TileConfig.Check(double.IsFinite(SliceBase) && SliceBase >= 1, "Mapping.SliceBase", "a finite value ≥ 1", SliceBase);
    }

    /// <summary>The clip magnitude for <paramref name="weights"/> (∞ when not clipping).</summary>
    public double ClipLevel(ReadOnlySpan<float> weights)
    {
        switch (Clip)
        {
            case WeightClip.Fixed:
                return ClipValue;
            case WeightClip.Sigma:
                double sum = 0, sumSquares = 0;
                foreach (float w in weights)
                {
                    sum += w;
                    sumSquares += (double)w * w;
                }

                double mean = weights.Length == 0 ? 0 : sum / weights.Length;
                double variance = weights.Length == 0 ? 0 : Math.Max(sumSquares / weights.Length - mean * mean, 0);
                return ClipValue * Math.Sqrt(variance);
            default:
                return double.PositiveInfinity;
        }
    }
}

/// <summary>Which weights share one scale factor (the value mapped to g_max).</summary>
public enum WeightScaling
{
    /// <summary>One scale per tile: the tile's largest |w|.</summary>
    PerTile = 0,

    /// <summary>One scale per tile column: the column's largest |w| within the tile (aihwkit <c>weight_scaling_columnwise</c>).</summary>
    PerColumn = 1,
}

/// <summary>How weights are clipped before mapping.</summary>
public enum WeightClip
{
    /// <summary>No clipping: the largest |w| maps to g_max.</summary>
    None = 0,

    /// <summary>Clip to ±<see cref="WeightMapping.ClipValue"/>.</summary>
    Fixed = 1,

    /// <summary>Clip to ±k·σ_W, σ_W the standard deviation of the whole matrix, k = <see cref="WeightMapping.ClipValue"/>.</summary>
    Sigma = 2,
}
