using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Memflux.Numerics;

namespace Memflux.Devices;

/// <summary>
/// Statistical RRAM model after Wan et al., Nature 2022 (NeuRRAM), via aihwkit's fit (see <see cref="RramParameters"/>
/// and docs/devices.md). Programming: g_prog = max(g_target + σ(ĝ, 1 s)·ξ_p, 0). Relaxation: each device draws a
/// persistent deviate ξ_r at programming (kept in <see cref="DeviceState.DriftAt"/>, which for this model holds
/// ξ_r, not a power-law exponent), and at t after programming g_relax = g_prog + σ_r(ĝ_prog, t)·ξ_r with
/// σ_r = √max(σ_tot(t)² − σ(1 s)², 0), so the spread around the target is σ_tot(t) at the fitted times. σ_tot(t) is
/// interpolated linearly in ln t between the fits, equals σ(1 s) for t ≤ 1 s and is held at the 2-day fit beyond 2
/// days (there is no fitted data later; long-time retention is therefore an extrapolation). Read:
/// g = max(g_relax + σ_read·ξ, 0) with fresh ξ per read. σ_r is evaluated at the programmed rather than the target
/// conductance because the state keeps no target.
/// </summary>
public sealed class RramDevice : DeviceModel
{
    /// <summary>The default fit at g_max = 40 µS, no non-idealities.</summary>
    public RramDevice()
        : this(RramParameters.Default)
    {
    }

    /// <summary>An RRAM model with <paramref name="parameters"/>; throws <see cref="MemfluxException"/> if they are invalid.</summary>
    public RramDevice(RramParameters parameters, DeviceNonIdealities? nonIdealities = null)
        : base(nonIdealities)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        Parameters = parameters;
        StateResolution = new(DeviceStateResolution.ConductanceGrid(parameters.GMaxMicroSiemens), RelaxationDeviateGrid);
    }

    /// <summary>
    /// ξ_r (a standard normal, |ξ_r| ≤ 6.66 by construction of <c>CounterRandom</c>) on a step of 2⁻¹² from −8: a
    /// rounding error of at most 1.2·10⁻⁴ of the relaxation σ_r.
    /// </summary>
    public static StateGrid RelaxationDeviateGrid { get; } = new(1f / 4096, -8f);

    /// <summary>
    /// Conductance on a step of g_max/2¹⁵ (rounding error ≤ 1.5·10⁻⁵ g_max, 1/580 of the smallest programming spread
    /// σ(0, 1 s) = 0.348 µS = 0.87% of g_max), ξ_r on <see cref="RelaxationDeviateGrid"/>.
    /// </summary>
    public override DeviceStateResolution? StateResolution { get; }

    /// <summary>The model's parameters.</summary>
    public RramParameters Parameters { get; }

    /// <inheritdoc/>
    public override string Name => "rram";

    /// <inheritdoc/>
    public override double GMaxMicroSiemens => Parameters.GMaxMicroSiemens;

    /// <summary>σ_tot(ĝ, t) (µS) before scales: the fits at 1 s, 1 day, 2 days, linear in ln t between them, held outside.</summary>
    public static double TotalSigmaMicroSiemens(double gHat, double timeSeconds, RramParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return Math.Max(Polynomial(TotalSigmaCoefficients(timeSeconds, p), gHat), 0) * (p.GMaxMicroSiemens / p.ReferenceGMaxMicroSiemens);
    }

    /// <summary>The quartic's coefficients at <paramref name="timeSeconds"/>: the fits blended linearly in ln t.</summary>
    public static double[] TotalSigmaCoefficients(double timeSeconds, RramParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        IReadOnlyList<double> times = RramParameters.FitTimesSeconds;
        if (timeSeconds <= times[0])
        {
            return (double[])p.SigmaAt1SecondMicroSiemens.Clone();
        }

        if (timeSeconds >= times[2])
        {
            return (double[])p.SigmaAt2DaysMicroSiemens.Clone();
        }

        (double[] lo, double[] hi, double t0, double t1) = timeSeconds < times[1]
            ? (p.SigmaAt1SecondMicroSiemens, p.SigmaAt1DayMicroSiemens, times[0], times[1])
            : (p.SigmaAt1DayMicroSiemens, p.SigmaAt2DaysMicroSiemens, times[1], times[2]);
        double w = Math.Log(timeSeconds / t0) / Math.Log(t1 / t0);
        return [.. lo.Zip(hi, (a, b) => a + (w * (b - a)))];
    }

    /// <inheritdoc/>
    protected override void ProgramDevices(ReadOnlySpan<float> targetMicroSiemens, Span<float> programmedMicroSiemens, Span<float> driftParameter, ulong key, int firstDevice)
    {
        var kernel = new ProgramKernel(Parameters, CounterRandom.Key(key, 1), CounterRandom.Key(key, 2));
        LaneLoop.Run(ref kernel, targetMicroSiemens, default, programmedMicroSiemens, driftParameter, (ulong)firstDevice);
    }

    /// <inheritdoc/>
    protected override void ReadDevices(
        ReadOnlySpan<float> programmedMicroSiemens, ReadOnlySpan<float> driftParameter, double timeSeconds, ulong readKey, int firstDevice, Span<float> destinationMicroSiemens)
    {
        var kernel = new ReadKernel(Parameters, timeSeconds, readKey);
        LaneLoop.Run(ref kernel, programmedMicroSiemens, driftParameter, destinationMicroSiemens, default, (ulong)firstDevice);
    }

    private static double Polynomial(double[] c, double x) => c[0] + (x * (c[1] + (x * (c[2] + (x * (c[3] + (x * c[4])))))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Sigma(in Quartic c, Vector256<float> x) =>
        Vector256.Max(c.C0 + (x * (c.C1 + (x * (c.C2 + (x * (c.C3 + (x * c.C4))))))), Vector256<float>.Zero);

    private readonly struct Quartic(double[] c, double scale)
    {
        public readonly Vector256<float> C0 = Vector256.Create((float)(c[0] * scale)), C1 = Vector256.Create((float)(c[1] * scale));
        public readonly Vector256<float> C2 = Vector256.Create((float)(c[2] * scale)), C3 = Vector256.Create((float)(c[3] * scale));
        public readonly Vector256<float> C4 = Vector256.Create((float)(c[4] * scale));
    }

    private readonly struct ProgramKernel(RramParameters p, ulong programKey, ulong relaxKey) : ILaneKernel
    {
        private readonly Quartic _sigma = new(p.SigmaAt1SecondMicroSiemens, p.GMaxMicroSiemens / p.ReferenceGMaxMicroSiemens * p.ProgrammingNoiseScale);
        private readonly float _invGMax = (float)(1 / p.GMaxMicroSiemens);

        public Vector256<float> Invoke(Vector256<float> a, Vector256<float> b, ulong counter, out Vector256<float> second)
        {
            second = CounterRandom.Normal8(relaxKey, counter); // ξ_r, kept for every later read
            Vector256<float> sigma = Sigma(_sigma, a * _invGMax);
            return Vector256.Max(a + (sigma * CounterRandom.Normal8(programKey, counter)), Vector256<float>.Zero);
        }
    }

    private readonly struct ReadKernel(RramParameters p, double timeSeconds, ulong readKey) : ILaneKernel
    {
        private readonly Quartic _programSigma = new(p.SigmaAt1SecondMicroSiemens, p.GMaxMicroSiemens / p.ReferenceGMaxMicroSiemens);
        private readonly Quartic _totalSigma = new(TotalSigmaCoefficients(timeSeconds, p), p.GMaxMicroSiemens / p.ReferenceGMaxMicroSiemens);
        private readonly float _relaxationScale = (float)p.RelaxationScale;
        private readonly float _readSigma = (float)(p.ReadNoiseSigmaRelativeToGMax * p.GMaxMicroSiemens * p.ReadNoiseScale);
        private readonly float _invGMax = (float)(1 / p.GMaxMicroSiemens);

        public Vector256<float> Invoke(Vector256<float> a, Vector256<float> b, ulong counter, out Vector256<float> second)
        {
            second = default;
            Vector256<float> gHat = a * _invGMax;
            Vector256<float> prog = Sigma(_programSigma, gHat), total = Sigma(_totalSigma, gHat);
            Vector256<float> relax = Vector256.Sqrt(Vector256.Max((total * total) - (prog * prog), Vector256<float>.Zero)) * _relaxationScale;
            Vector256<float> g = a + (relax * b) + (Vector256.Create(_readSigma) * CounterRandom.Normal8(readKey, counter));
            return Vector256.Max(g, Vector256<float>.Zero);
        }
    }
}
