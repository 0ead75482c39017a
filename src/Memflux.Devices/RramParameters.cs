namespace Memflux.Devices;

/// <summary>
/// Parameters of the statistical RRAM model of <see cref="RramDevice"/>. The deviation from target is a quartic in
/// ĝ = g/g_max, σ(ĝ, t) = Σ c_i·ĝ^i µS at g_max = 40 µS, fitted at t = 1 s, 1 day and 2 days after programming: these
/// are the coefficients of IBM aihwkit's <c>ReRamWan2022NoiseModel</c> (src/aihwkit/inference/noise/reram.py), which
/// aihwkit estimated from the published figures of W. Wan et al., "A compute-in-memory chip based on resistive
/// random-access memory", Nature 608, 504–512 (2022) (NeuRRAM). Not verified here against the paper's figures.
/// Coefficient arrays are c0 … c4.
/// </summary>
/// <param name="GMaxMicroSiemens">g_max (µS): 40 µS, the reference of the fit (aihwkit).</param>
/// <param name="ReferenceGMaxMicroSiemens">g_max of the fit (40 µS); σ scales with g_max / this.</param>
/// <param name="SigmaAt1SecondMicroSiemens">σ at 1 s, used as the programming spread: 0.348, 16.030, −43.853, 45.393, −16.815 (aihwkit).</param>
/// <param name="SigmaAt1DayMicroSiemens">σ at 1 day: 0.701, 22.086, −50.773, 47.095, −16.458 (aihwkit).</param>
/// <param name="SigmaAt2DaysMicroSiemens">σ at 2 days: 0.782, 20.274, −43.507, 37.062, −11.934 (aihwkit).</param>
/// <param name="ReadNoiseSigmaRelativeToGMax">
/// Short-term read noise σ per read as a fraction of g_max: 0.01. aihwkit's docstring advises "about 1 %" additive
/// weight noise for this model because Wan et al. give no separate read-noise data; an estimate, not a fit.
/// </param>
/// <param name="ProgrammingNoiseScale">Multiplies σ at programming (1: as fitted).</param>
/// <param name="RelaxationScale">Multiplies the relaxation σ (1: as fitted).</param>
/// <param name="ReadNoiseScale">Multiplies the read-noise σ.</param>
public sealed record RramParameters(
    double GMaxMicroSiemens = 40.0,
    double ReferenceGMaxMicroSiemens = 40.0,
    double[]? SigmaAt1SecondMicroSiemens = null,
    double[]? SigmaAt1DayMicroSiemens = null,
    double[]? SigmaAt2DaysMicroSiemens = null,
    double ReadNoiseSigmaRelativeToGMax = 0.01,
    double ProgrammingNoiseScale = 1.0,
    double RelaxationScale = 1.0,
    double ReadNoiseScale = 1.0)
{
    /// <summary>Times (s) of the three fits: 1 s, 1 day, 2 days.</summary>
    public static IReadOnlyList<double> FitTimesSeconds { get; } = [1.0, 86_400.0, 172_800.0];

    /// <summary>The aihwkit fit to Wan et al. 2022 at g_max = 40 µS.</summary>
    public static RramParameters Default { get; } = new();

    /// <summary>σ at 1 s, c0 … c4 (µS).</summary>
    public double[] SigmaAt1SecondMicroSiemens { get; init; } = SigmaAt1SecondMicroSiemens ?? [0.348, 16.030, -43.853, 45.393, -16.815];

    /// <summary>σ at 1 day, c0 … c4 (µS).</summary>
    public double[] SigmaAt1DayMicroSiemens { get; init; } = SigmaAt1DayMicroSiemens ?? [0.701, 22.086, -50.773, 47.095, -16.458];

    /// <summary>σ at 2 days, c0 … c4 (µS).</summary>
    public double[] SigmaAt2DaysMicroSiemens { get; init; } = SigmaAt2DaysMicroSiemens ?? [0.782, 20.274, -43.507, 37.062, -11.934];

    /// <summary>Throws a <see cref="Numerics.MemfluxException"/> naming the field if a parameter is out of range.</summary>
    public void Validate()
    {
        Check(GMaxMicroSiemens > 0 && double.IsFinite(GMaxMicroSiemens), nameof(GMaxMicroSiemens), "positive", GMaxMicroSiemens);
        Check(ReferenceGMaxMicroSiemens > 0 && double.IsFinite(ReferenceGMaxMicroSiemens), nameof(ReferenceGMaxMicroSiemens), "positive", ReferenceGMaxMicroSiemens);
        Check(ReadNoiseSigmaRelativeToGMax >= 0 && double.IsFinite(ReadNoiseSigmaRelativeToGMax), nameof(ReadNoiseSigmaRelativeToGMax), "≥ 0", ReadNoiseSigmaRelativeToGMax);
        Check(ProgrammingNoiseScale >= 0, nameof(ProgrammingNoiseScale), "≥ 0", ProgrammingNoiseScale);
        Check(RelaxationScale >= 0, nameof(RelaxationScale), "≥ 0", RelaxationScale);
        Check(ReadNoiseScale >= 0, nameof(ReadNoiseScale), "≥ 0", ReadNoiseScale);
        foreach ((double[] c, string name) in new[]
        {
            (SigmaAt1SecondMicroSiemens, nameof(SigmaAt1SecondMicroSiemens)), (SigmaAt1DayMicroSiemens, nameof(SigmaAt1DayMicroSiemens)),
            (SigmaAt2DaysMicroSiemens, nameof(SigmaAt2DaysMicroSiemens)),
        })
        {
            if (c.Length != 5 || !c.All(double.IsFinite))
            {
                throw new Numerics.MemfluxException($"RRAM parameters: {name} must hold 5 finite coefficients c0 … c4, found [{string.Join(", ", c)}]");
            }
        }
    }

    private static void Check(bool ok, string name, string expected, double found)
    {
        if (!ok)
        {
            throw new Numerics.MemfluxException($"RRAM parameters: {name} must be {expected}, found {found}");
        }
    }
}
