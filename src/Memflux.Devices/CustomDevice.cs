using System.Runtime.Intrinsics;
using Memflux.Numerics;

namespace Memflux.Devices;

/// <summary>
/// A device described by measured statistics (<see cref="CustomDeviceTable"/>, e.g. from a CSV via <see cref="Load"/>),
/// interpolated linearly over conductance. Programming: g_prog = max(g_target + σ_prog(g_target)·ξ, 0),
/// ν = |μ_ν(g_target) + σ_ν(g_target)·ξ'|. Read at t after programming: g = max(g_prog·((t + t0)/t0)^(−ν) +
/// σ_read(g_prog)·ξ, 0) with fresh ξ per read: the same power-law drift as the PCM model, and a per-read σ as tabulated
/// (not an accumulated 1/f term). g_max is the largest tabulated target.
/// </summary>
public sealed class CustomDevice : DeviceModel
{
    /// <summary>A device with the statistics of <paramref name="table"/>, drift t0 <paramref name="driftT0Seconds"/> (20 s as in the PCM model).</summary>
    public CustomDevice(CustomDeviceTable table, double driftT0Seconds = 20.0, DeviceNonIdealities? nonIdealities = null)
        : base(nonIdealities)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!(driftT0Seconds > 0 && double.IsFinite(driftT0Seconds)))
        {
            throw new MemfluxException($"custom device {table.Source}: drift t0 must be positive seconds, found {driftT0Seconds}");
        }

        Table = table;
        DriftT0Seconds = driftT0Seconds;
        StateResolution = ResolutionFor(table);
    }

    /// <summary>
    /// The PCM grids (conductance step g_max/2¹⁵, ν step 2⁻¹⁶) when the table's smallest spreads are at least
    /// <see cref="SpreadPerRoundingError"/> times the grids' rounding errors, as for the PCM fit; otherwise (a table
    /// with a near-zero programming or drift spread) null: the state is kept in full precision.
    /// </summary>
    public override DeviceStateResolution? StateResolution { get; }

    /// <summary>
    /// How many times the grid's largest rounding error a device's smallest spread must be for its state to be rounded:
    /// 100, so the rounding adds at most 1/20000 of the variance (the PCM fit has about 700 for g and 1000 for ν).
    /// [memflux_assumption]
    /// </summary>
    public const double SpreadPerRoundingError = 100;

    private static DeviceStateResolution? ResolutionFor(CustomDeviceTable table)
    {
        var resolution = new DeviceStateResolution(DeviceStateResolution.ConductanceGrid(table.GMaxMicroSiemens), DeviceStateResolution.DriftExponentGrid);
        bool fine = table.SigmaProgram.Min() >= SpreadPerRoundingError * resolution.Conductance.MaxError
            && table.NuStd.Min() >= SpreadPerRoundingError * resolution.Drift.MaxError;
        return fine ? resolution : null;
    }

    /// <summary>The measured statistics.</summary>
    public CustomDeviceTable Table { get; }

    /// <summary>t0 of the drift law (s).</summary>
    public double DriftT0Seconds { get; }

    /// <inheritdoc/>
    public override string Name => "custom";

    /// <inheritdoc/>
    public override double GMaxMicroSiemens => Table.GMaxMicroSiemens;

    /// <summary>Loads a device from a CSV of statistics (see <see cref="CustomDeviceCsv"/>); errors name file, line and column.</summary>
    public static CustomDevice Load(string path, double driftT0Seconds = 20.0, DeviceNonIdealities? nonIdealities = null) =>
        new(CustomDeviceCsv.Read(path), driftT0Seconds, nonIdealities);

    /// <inheritdoc/>
    protected override void ProgramDevices(ReadOnlySpan<float> targetMicroSiemens, Span<float> programmedMicroSiemens, Span<float> driftParameter, ulong key, int firstDevice)
    {
        ulong programKey = CounterRandom.Key(key, 1), driftKey = CounterRandom.Key(key, 2);
        CustomDeviceTable t = Table;
        for (int i = 0; i < targetMicroSiemens.Length; i += 8)
        {
            Vector256<float> xiProgram = CounterRandom.Normal8(programKey, (ulong)(firstDevice + i));
            Vector256<float> xiDrift = CounterRandom.Normal8(driftKey, (ulong)(firstDevice + i));
            for (int lane = 0; lane < 8 && i + lane < targetMicroSiemens.Length; lane++)
            {
                float g = targetMicroSiemens[i + lane];
                (int row, float w) = t.Locate(g);
                float sigma = CustomDeviceTable.Lerp(t.SigmaProgram, row, w);
                programmedMicroSiemens[i + lane] = MathF.Max(g + (sigma * xiProgram.GetElement(lane)), 0f);
                float mean = CustomDeviceTable.Lerp(t.NuMean, row, w), std = CustomDeviceTable.Lerp(t.NuStd, row, w);
                driftParameter[i + lane] = MathF.Abs(mean + (std * xiDrift.GetElement(lane)));
            }
        }
    }

    /// <inheritdoc/>
    protected override void ReadDevices(
        ReadOnlySpan<float> programmedMicroSiemens, ReadOnlySpan<float> driftParameter, double timeSeconds, ulong readKey, int firstDevice, Span<float> destinationMicroSiemens)
    {
        var lnTime = Vector256.Create((float)-Math.Log((timeSeconds + DriftT0Seconds) / DriftT0Seconds));
        CustomDeviceTable t = Table;
        bool noisy = t.HasReadNoise;
        Span<float> sigma = stackalloc float[8], p = stackalloc float[8], nu = stackalloc float[8];
        sigma.Clear();
        for (int i = 0; i < programmedMicroSiemens.Length; i += 8)
        {
            int lanes = Math.Min(8, programmedMicroSiemens.Length - i);
            p.Clear();
            nu.Clear();
            programmedMicroSiemens.Slice(i, lanes).CopyTo(p);
            driftParameter.Slice(i, lanes).CopyTo(nu);
            Vector256<float> drifted = Vector256.Create<float>(p) * FloatVectorMath.Exp(Vector256.Create<float>(nu) * lnTime);
            if (noisy)
            {
                for (int lane = 0; lane < lanes; lane++)
                {
                    (int row, float w) = t.Locate(p[lane]);
                    sigma[lane] = CustomDeviceTable.Lerp(t.ReadNoise, row, w);
                }

                drifted += Vector256.Create<float>(sigma) * CounterRandom.Normal8(readKey, (ulong)(firstDevice + i));
            }

            Vector256.Max(drifted, Vector256<float>.Zero).CopyTo(p);
            p[..lanes].CopyTo(destinationMicroSiemens.Slice(i, lanes));
        }
    }
}
