using Memflux.Numerics;

namespace Memflux.Devices;

/// <summary>
/// Measured device statistics versus target conductance, one row per target: the programming spread σ_prog, the
/// drift exponent's mean and standard deviation, and the per-read noise σ_read. Values between rows are interpolated
/// linearly in conductance; below the first row and above the last the end rows hold (flat extrapolation).
/// </summary>
public sealed class CustomDeviceTable
{
    /// <summary>Builds a table; throws <see cref="MemfluxException"/> (naming <paramref name="source"/> and the row) on bad data.</summary>
    public CustomDeviceTable(
        IReadOnlyList<double> targetMicroSiemens,
        IReadOnlyList<double> sigmaProgramMicroSiemens,
        IReadOnlyList<double> driftNuMean,
        IReadOnlyList<double> driftNuStd,
        IReadOnlyList<double>? readNoiseMicroSiemens = null,
        string source = "custom device table")
    {
        ArgumentNullException.ThrowIfNull(targetMicroSiemens);
        ArgumentNullException.ThrowIfNull(sigmaProgramMicroSiemens);
        ArgumentNullException.ThrowIfNull(driftNuMean);
        ArgumentNullException.ThrowIfNull(driftNuStd);
        int n = targetMicroSiemens.Count;
        if (n < 2)
        {
            throw new MemfluxException($"{source}: expected at least 2 rows of statistics, found {n}");
        }

        foreach ((IReadOnlyList<double>? column, string name) in new[]
        {
            (sigmaProgramMicroSiemens, "sigma_prog_uS"), (driftNuMean, "drift_nu_mean"), (driftNuStd, "drift_nu_std"), (readNoiseMicroSiemens, "read_noise_uS"),
        })
        {
            if (column is not null && column.Count != n)
            {
                throw new MemfluxException($"{source}: column {name} has {column.Count} values, expected {n} (one per g_target_uS)");
            }
        }

        for (int i = 0; i < n; i++)
        {
            Require(targetMicroSiemens[i] >= 0 && double.IsFinite(targetMicroSiemens[i]), source, i, "g_target_uS", "≥ 0", targetMicroSiemens[i]);
            Require(i == 0 || targetMicroSiemens[i] > targetMicroSiemens[i - 1], source, i, "g_target_uS", $"> the previous row's {(i > 0 ? targetMicroSiemens[i - 1] : 0)} (sorted ascending, no repeats)", targetMicroSiemens[i]);
            Require(sigmaProgramMicroSiemens[i] >= 0 && double.IsFinite(sigmaProgramMicroSiemens[i]), source, i, "sigma_prog_uS", "≥ 0", sigmaProgramMicroSiemens[i]);
            Require(double.IsFinite(driftNuMean[i]), source, i, "drift_nu_mean", "finite", driftNuMean[i]);
            Require(driftNuStd[i] >= 0 && double.IsFinite(driftNuStd[i]), source, i, "drift_nu_std", "≥ 0", driftNuStd[i]);
            if (readNoiseMicroSiemens is not null)
            {
                Require(readNoiseMicroSiemens[i] >= 0 && double.IsFinite(readNoiseMicroSiemens[i]), source, i, "read_noise_uS", "≥ 0", readNoiseMicroSiemens[i]);
            }
        }

        if (!(targetMicroSiemens[n - 1] > 0))
        {
            throw new MemfluxException($"{source}: the last g_target_uS (the model's g_max) must be positive, found {targetMicroSiemens[n - 1]}");
        }

        Target = [.. targetMicroSiemens.Select(v => (float)v)];
        SigmaProgram = [.. sigmaProgramMicroSiemens.Select(v => (float)v)];
        NuMean = [.. driftNuMean.Select(v => (float)v)];
        NuStd = [.. driftNuStd.Select(v => (float)v)];
        ReadNoise = readNoiseMicroSiemens is null ? new float[n] : [.. readNoiseMicroSiemens.Select(v => (float)v)];
        Source = source;
    }

    /// <summary>Where the table came from (a file path or a name), for messages.</summary>
    public string Source { get; }

    /// <summary>Number of rows.</summary>
    public int Count => Target.Length;

    /// <summary>The largest tabulated target (µS): the model's g_max.</summary>
    public double GMaxMicroSiemens => Target[^1];

    /// <summary>True if any row has read noise.</summary>
    public bool HasReadNoise => ReadNoise.Any(v => v > 0);

    /// <summary>The tabulated columns as stored (single precision), e.g. for a chip image to rebuild the table exactly.</summary>
    public (float[] Target, float[] SigmaProgram, float[] NuMean, float[] NuStd, float[] ReadNoise) Columns() =>
        ([.. Target], [.. SigmaProgram], [.. NuMean], [.. NuStd], [.. ReadNoise]);

    internal float[] Target { get; }

    internal float[] SigmaProgram { get; }

    internal float[] NuMean { get; }

    internal float[] NuStd { get; }

    internal float[] ReadNoise { get; }

    /// <summary>The statistics at <paramref name="gMicroSiemens"/>, linearly interpolated.</summary>
    public (double SigmaProgramMicroSiemens, double NuMean, double NuStd, double ReadNoiseMicroSiemens) At(double gMicroSiemens)
    {
        (int i, float w) = Locate((float)gMicroSiemens);
        return (Lerp(SigmaProgram, i, w), Lerp(NuMean, i, w), Lerp(NuStd, i, w), Lerp(ReadNoise, i, w));
    }

    /// <summary>Row i and weight w so that a value is column[i]·(1 − w) + column[i+1]·w (flat outside the table).</summary>
    internal (int Row, float Weight) Locate(float g)
    {
        float[] t = Target;
        if (!(g > t[0]))
        {
            return (0, 0f);
        }

        if (g >= t[^1])
        {
            return (t.Length - 2, 1f);
        }

        int i = Array.BinarySearch(t, g);
        i = i >= 0 ? Math.Min(i, t.Length - 2) : ~i - 1;
        return (i, (g - t[i]) / (t[i + 1] - t[i]));
    }

    internal static float Lerp(float[] column, int i, float w) => column[i] + (w * (column[i + 1] - column[i]));

    private static void Require(bool ok, string source, int row, string column, string expected, double found)
    {
        if (!ok)
        {
            throw new MemfluxException($"{source}: row {row + 1} of the statistics, column {column}: expected {expected}, found {found}");
        }
    }
}
