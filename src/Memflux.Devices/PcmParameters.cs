namespace Memflux.Devices;

/// <summary>
/// Parameters of the calibrated statistical PCM model of <see cref="PcmDevice"/>. Defaults are the fit of IBM's
/// aihwkit <c>PCMLikeNoiseModel</c> (src/aihwkit/inference/noise/pcm.py) to measurements of ~1 million doped-GST PCM
/// devices: S. R. Nandakumar et al., "Phase-change memory models for deep learning training and inference", ICECS 2019,
/// and V. Joshi et al., "Accurate deep neural network inference using computational phase-change memory",
/// Nat. Commun. 11, 2473 (2020). ĝ = g_target / g_max throughout.
/// </summary>
/// <param name="GMaxMicroSiemens">g_max (µS): 25 µS in Joshi et al. 2020 and aihwkit.</param>
/// <param name="ProgrammingReferenceGMaxMicroSiemens">g_max at which the σ_prog coefficients were fitted (25 µS, aihwkit); σ_prog scales with g_max / this.</param>
/// <param name="ProgrammingSigmaC0MicroSiemens">σ_prog constant term c0 (µS): 0.26348 (aihwkit; the issue rounds it to 0.2635).</param>
/// <param name="ProgrammingSigmaC1MicroSiemens">σ_prog linear term c1 (µS): 1.9650 (aihwkit).</param>
/// <param name="ProgrammingSigmaC2MicroSiemens">σ_prog quadratic term c2 (µS): −1.1731 (aihwkit).</param>
/// <param name="DriftNuMeanSlope">μ_ν = clip(a·ln ĝ + b, min, max): a = −0.0155 (aihwkit).</param>
/// <param name="DriftNuMeanIntercept">b = 0.0244 (aihwkit).</param>
/// <param name="DriftNuMeanMin">Lower clip of μ_ν: 0.049 (aihwkit).</param>
/// <param name="DriftNuMeanMax">Upper clip of μ_ν: 0.1 (aihwkit).</param>
/// <param name="DriftNuStdSlope">σ_ν = clip(a·ln ĝ + b, min, max): a = −0.0125 (aihwkit).</param>
/// <param name="DriftNuStdIntercept">b = −0.0059 (aihwkit).</param>
/// <param name="DriftNuStdMin">Lower clip of σ_ν: 0.008 (aihwkit).</param>
/// <param name="DriftNuStdMax">Upper clip of σ_ν: 0.045 (aihwkit).</param>
/// <param name="DriftT0Seconds">t0 of the drift law (s): 20 s, the first read after programming (aihwkit <c>t_0</c>).</param>
/// <param name="ReadTimeSeconds">t_read of the 1/f noise integral (s): 250 ns (aihwkit <c>t_read</c>).</param>
/// <param name="ReadNoiseQsCoefficient">Q_s = min(k / max(ĝ_prog^e, floor), max): k = 0.0088 (aihwkit).</param>
/// <param name="ReadNoiseQsExponent">e = 0.65 (aihwkit).</param>
/// <param name="ReadNoiseQsFloor">floor = 1e-3 (aihwkit).</param>
/// <param name="ReadNoiseQsMax">max = 0.2 (aihwkit).</param>
/// <param name="ProgrammingNoiseScale">Multiplies σ_prog (1: as measured).</param>
/// <param name="DriftScale">Multiplies ν (1: as measured).</param>
/// <param name="ReadNoiseScale">Multiplies the read-noise σ (1: as measured).</param>
public sealed record PcmParameters(
    double GMaxMicroSiemens = 25.0,
    double ProgrammingReferenceGMaxMicroSiemens = 25.0,
    double ProgrammingSigmaC0MicroSiemens = 0.26348,
    double ProgrammingSigmaC1MicroSiemens = 1.9650,
    double ProgrammingSigmaC2MicroSiemens = -1.1731,
    double DriftNuMeanSlope = -0.0155,
    double DriftNuMeanIntercept = 0.0244,
    double DriftNuMeanMin = 0.049,
    double DriftNuMeanMax = 0.1,
    double DriftNuStdSlope = -0.0125,
    double DriftNuStdIntercept = -0.0059,
    double DriftNuStdMin = 0.008,
    double DriftNuStdMax = 0.045,
    double DriftT0Seconds = 20.0,
    double ReadTimeSeconds = 250e-9,
    double ReadNoiseQsCoefficient = 0.0088,
    double ReadNoiseQsExponent = 0.65,
    double ReadNoiseQsFloor = 1e-3,
    double ReadNoiseQsMax = 0.2,
    double ProgrammingNoiseScale = 1.0,
    double DriftScale = 1.0,
    double ReadNoiseScale = 1.0)
{
    /// <summary>The aihwkit / Joshi et al. 2020 fit at g_max = 25 µS.</summary>
    public static PcmParameters Default { get; } = new();

    /// <summary>Throws a <see cref="Numerics.MemfluxException"/> naming the field if a parameter is out of range.</summary>
    public void Validate()
    {
        Positive(GMaxMicroSiemens, nameof(GMaxMicroSiemens));
        Positive(ProgrammingReferenceGMaxMicroSiemens, nameof(ProgrammingReferenceGMaxMicroSiemens));
        Positive(DriftT0Seconds, nameof(DriftT0Seconds));
        Positive(ReadTimeSeconds, nameof(ReadTimeSeconds));
        Positive(ReadNoiseQsFloor, nameof(ReadNoiseQsFloor));
        Positive(ReadNoiseQsExponent, nameof(ReadNoiseQsExponent));
        NonNegative(ReadNoiseQsCoefficient, nameof(ReadNoiseQsCoefficient));
        NonNegative(ReadNoiseQsMax, nameof(ReadNoiseQsMax));
        NonNegative(DriftNuMeanMin, nameof(DriftNuMeanMin));
        NonNegative(DriftNuStdMin, nameof(DriftNuStdMin));
        NonNegative(ProgrammingNoiseScale, nameof(ProgrammingNoiseScale));
        NonNegative(DriftScale, nameof(DriftScale));
        NonNegative(ReadNoiseScale, nameof(ReadNoiseScale));
        Ordered(DriftNuMeanMin, DriftNuMeanMax, nameof(DriftNuMeanMax));
        Ordered(DriftNuStdMin, DriftNuStdMax, nameof(DriftNuStdMax));
        foreach ((double v, string name) in new[]
        {
            (ProgrammingSigmaC0MicroSiemens, nameof(ProgrammingSigmaC0MicroSiemens)), (ProgrammingSigmaC1MicroSiemens, nameof(ProgrammingSigmaC1MicroSiemens)),
            (ProgrammingSigmaC2MicroSiemens, nameof(ProgrammingSigmaC2MicroSiemens)), (DriftNuMeanSlope, nameof(DriftNuMeanSlope)),
            (DriftNuMeanIntercept, nameof(DriftNuMeanIntercept)), (DriftNuStdSlope, nameof(DriftNuStdSlope)), (DriftNuStdIntercept, nameof(DriftNuStdIntercept)),
        })
        {
            if (!double.IsFinite(v))
            {
                throw new Numerics.MemfluxException($"PCM parameters: {name} must be finite, found {v}");
            }
        }
    }

    private static void Positive(double v, string name)
    {
        if (!(v > 0 && double.IsFinite(v)))
        {
            throw new Numerics.MemfluxException($"PCM parameters: {name} must be positive and finite, found {v}");
        }
    }

    private static void NonNegative(double v, string name)
    {
        if (!(v >= 0 && double.IsFinite(v)))
        {
            throw new Numerics.MemfluxException($"PCM parameters: {name} must be ≥ 0 and finite, found {v}");
        }
    }

    private static void Ordered(double min, double max, string name)
    {
        if (!(max >= min))
        {
            throw new Numerics.MemfluxException($"PCM parameters: {name} must be ≥ its minimum {min}, found {max}");
        }
    }
}
