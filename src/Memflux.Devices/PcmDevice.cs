using Memflux.Numerics;

namespace Memflux.Devices;

/// <summary>
/// The calibrated statistical PCM model (aihwkit <c>PCMLikeNoiseModel</c>, fitted to Nandakumar et al. 2019 and
/// Joshi et al. 2020; see <see cref="PcmParameters"/> and docs/devices.md). With ĝ = g_target/g_max and ξ ~ N(0,1):
/// programming g_prog = max(g_target + σ_prog(ĝ)·ξ, 0); drift exponent ν = |μ_ν(ĝ) + σ_ν(ĝ)·ξ| drawn at programming;
/// read at t after programming g = max(g_d + |g_d|·Q_s(g_prog)·√ln((t + t0 + t_read)/(2 t_read))·ξ, 0) with
/// g_d = g_prog·((t + t0)/t0)^(−ν); the read ξ is fresh per read index.
/// </summary>
public sealed class PcmDevice : DeviceModel
{
    /// <summary>The default fit at g_max = 25 µS, no non-idealities.</summary>
    public PcmDevice()
        : this(PcmParameters.Default)
    {
    }

    /// <summary>A PCM model with <paramref name="parameters"/> and optional <paramref name="nonIdealities"/>; throws <see cref="MemfluxException"/> if either is invalid.</summary>
    public PcmDevice(PcmParameters parameters, DeviceNonIdealities? nonIdealities = null)
        : base(nonIdealities)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        Parameters = parameters;
        StateResolution = new(DeviceStateResolution.ConductanceGrid(parameters.GMaxMicroSiemens), DeviceStateResolution.DriftExponentGrid);
    }

    /// <summary>The model's parameters.</summary>
    public PcmParameters Parameters { get; }

    /// <inheritdoc/>
    public override string Name => "pcm";

    /// <inheritdoc/>
    public override double GMaxMicroSiemens => Parameters.GMaxMicroSiemens;

    /// <summary>
    /// Conductance on a step of g_max/2¹⁵ (rounding error ≤ 1.5·10⁻⁵ g_max: at the default fit about 1/700 of the
    /// smallest programming-noise σ_prog(0) = c0 = 0.26 µS = 1.05% of g_max), ν on a step of 2⁻¹⁶ (error ≤ 7.6·10⁻⁶,
    /// 1/1000 of the smallest spread σ_ν,min = 0.008; over ten years of drift, ln((t + t0)/t0) ≈ 16.6, it moves a
    /// conductance by at most 1.3·10⁻⁴ of itself, against a read noise Q_s ≥ 0.88%).
    /// </summary>
    public override DeviceStateResolution? StateResolution { get; }

    /// <summary>σ_prog(ĝ) = max(c2·ĝ² + c1·ĝ + c0, 0)·g_max/g_ref (µS), before <see cref="PcmParameters.ProgrammingNoiseScale"/>.</summary>
    public static double ProgrammingSigmaMicroSiemens(double gHat, PcmParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        double poly = (((p.ProgrammingSigmaC2MicroSiemens * gHat) + p.ProgrammingSigmaC1MicroSiemens) * gHat) + p.ProgrammingSigmaC0MicroSiemens;
        return Math.Max(poly, 0) * (p.GMaxMicroSiemens / p.ProgrammingReferenceGMaxMicroSiemens);
    }

    /// <summary>μ_ν(ĝ) = clip(a·ln max(ĝ, 1e-7) + b, min, max).</summary>
    public static double DriftExponentMean(double gHat, PcmParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return Math.Clamp((p.DriftNuMeanSlope * Math.Log(Math.Max(gHat, 1e-7))) + p.DriftNuMeanIntercept, p.DriftNuMeanMin, p.DriftNuMeanMax);
    }

    /// <summary>σ_ν(ĝ) = clip(a·ln max(ĝ, 1e-7) + b, min, max).</summary>
    public static double DriftExponentStd(double gHat, PcmParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return Math.Clamp((p.DriftNuStdSlope * Math.Log(Math.Max(gHat, 1e-7))) + p.DriftNuStdIntercept, p.DriftNuStdMin, p.DriftNuStdMax);
    }

    /// <summary>The drift factor ((t + t0)/t0)^(−ν) at <paramref name="timeSeconds"/> after programming.</summary>
    public static double DriftFactor(double nu, double timeSeconds, double t0Seconds) =>
        Math.Pow((timeSeconds + t0Seconds) / t0Seconds, -nu);

    /// <summary>The read-noise time factor √ln((t + t0 + t_read)/(2·t_read)) at <paramref name="timeSeconds"/> after programming.</summary>
    public static double ReadNoiseTimeFactor(double timeSeconds, double t0Seconds, double readTimeSeconds) =>
        Math.Sqrt(Math.Log((timeSeconds + t0Seconds + readTimeSeconds) / (2 * readTimeSeconds)));

    /// <summary>Q_s(ĝ_prog) = min(k / max(ĝ_prog^e, floor), max), ĝ_prog = g_prog/g_max.</summary>
    public static double ReadNoiseQs(double gProgHat, PcmParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return Math.Min(p.ReadNoiseQsCoefficient / Math.Max(Math.Pow(Math.Abs(gProgHat), p.ReadNoiseQsExponent), p.ReadNoiseQsFloor), p.ReadNoiseQsMax);
    }

    /// <inheritdoc/>
    protected override void ProgramDevices(ReadOnlySpan<float> targetMicroSiemens, Span<float> programmedMicroSiemens, Span<float> driftParameter, ulong key, int firstDevice)
    {
        var kernel = new PcmProgramKernel(Parameters, CounterRandom.Key(key, 1), CounterRandom.Key(key, 2));
        LaneLoop.Run(ref kernel, targetMicroSiemens, default, programmedMicroSiemens, driftParameter, (ulong)firstDevice);
    }

    /// <inheritdoc/>
    protected override void ReadDevices(
        ReadOnlySpan<float> programmedMicroSiemens, ReadOnlySpan<float> driftParameter, double timeSeconds, ulong readKey, int firstDevice, Span<float> destinationMicroSiemens)
    {
        var kernel = new PcmReadKernel(Parameters, timeSeconds, readKey);
        LaneLoop.Run(ref kernel, programmedMicroSiemens, driftParameter, destinationMicroSiemens, default, (ulong)firstDevice);
    }
}
