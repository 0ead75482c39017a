using System.Globalization;
using Memflux.Numerics;

namespace Memflux.Devices;

/// <summary>
/// Reads device statistics from CSV: a header row naming the columns g_target_uS, sigma_prog_uS, drift_nu_mean,
/// drift_nu_std (required, any order) and read_noise_uS (optional), then one row per target conductance, ascending.
/// Lines starting with '#' (provenance notes) and blank lines are skipped. Every error names the file, line and column.
/// </summary>
public static class CustomDeviceCsv
{
    private static readonly string[] Required = ["g_target_uS", "sigma_prog_uS", "drift_nu_mean", "drift_nu_std"];
    private const string Optional = "read_noise_uS";

    /// <summary>
    /// Largest conductance (and conductance spread) accepted, in µS: 10⁶ µS = 1 S, orders of magnitude above any
    /// memristive device (PCM and RRAM peak at tens to hundreds of µS) [memflux_assumption: a sanity bound, so that
    /// statistics cannot overflow single precision when squared or summed].
    /// </summary>
    public const double MaxConductanceUs = 1e6;

    /// <summary>
    /// Largest |drift exponent ν| accepted: 10 (measured PCM ν is about 0.005–0.1; a conductance falling as t⁻¹⁰ is
    /// gone within seconds) [memflux_assumption: a sanity bound].
    /// </summary>
    public const double MaxDriftExponent = 10;

    /// <summary>The largest CSV read: 16 MiB (a table of statistics has tens to thousands of rows).</summary>
    public const long MaxFileBytes = 16 << 20;

    /// <summary>Reads <paramref name="path"/> (UTF-8, at most <see cref="MaxFileBytes"/>); throws <see cref="MemfluxException"/> naming file, line and column on bad content.</summary>
    public static CustomDeviceTable Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new MemfluxException($"{path}: device statistics file not found");
        }

        string text = BoundedFile.ReadAllText(path, "device statistics CSV", MaxFileBytes);
        return Parse(text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray(), path);
    }

    /// <summary>Parses CSV <paramref name="lines"/>; <paramref name="source"/> names them in errors.</summary>
    public static CustomDeviceTable Parse(IReadOnlyList<string> lines, string source)
    {
        ArgumentNullException.ThrowIfNull(lines);
        int line = 0;
        while (line < lines.Count && IsSkipped(lines[line]))
        {
            line++;
        }

        if (line == lines.Count)
        {
            throw new MemfluxException($"{source}: expected a header row ({string.Join(",", Required)}[,{Optional}]), found no rows");
        }

        string[] header = [.. lines[line].Split(',').Select(h => h.Trim())];
        int headerLine = line + 1;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < header.Length; c++)
        {
            if (!Required.Contains(header[c]) && header[c] != Optional)
            {
                throw new MemfluxException($"{source}:{headerLine}: column {c + 1} '{header[c]}' is not one of {string.Join(", ", Required)}, {Optional}");
            }

            if (!index.TryAdd(header[c], c))
            {
                throw new MemfluxException($"{source}:{headerLine}: column '{header[c]}' appears twice");
            }
        }

        foreach (string name in Required.Where(r => !index.ContainsKey(r)))
        {
            throw new MemfluxException($"{source}:{headerLine}: header lacks the required column '{name}' (found: {string.Join(",", header)})");
        }

        var columns = header.Select(_ => new List<double>()).ToArray();
        for (line++; line < lines.Count; line++)
        {
            if (IsSkipped(lines[line]))
            {
                continue;
            }

            string[] cells = lines[line].Split(',');
            if (cells.Length != header.Length)
            {
                throw new MemfluxException($"{source}:{line + 1}: expected {header.Length} values, found {cells.Length}");
            }

            for (int c = 0; c < cells.Length; c++)
            {
                if (!double.TryParse(cells[c].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                {
                    throw new MemfluxException($"{source}:{line + 1}: column {header[c]}: expected a finite number, found '{cells[c].Trim()}'");
                }

                Check(header[c], v, columns[c], source, line + 1);
                columns[c].Add(v);
            }
        }

        List<double> Column(string name) => columns[index[name]];
        return new CustomDeviceTable(
            Column("g_target_uS"), Column("sigma_prog_uS"), Column("drift_nu_mean"), Column("drift_nu_std"),
            index.ContainsKey(Optional) ? Column(Optional) : null, source);
    }

    private static void Check(string column, double v, List<double> previous, string source, int line)
    {
        bool drift = column.StartsWith("drift_", StringComparison.Ordinal);
        double limit = drift ? MaxDriftExponent : MaxConductanceUs;
        bool ok = column switch
        {
            "g_target_uS" => v >= 0 && v <= limit && (previous.Count == 0 || v > previous[^1]),
            "drift_nu_mean" => Math.Abs(v) <= limit,
            _ => v >= 0 && v <= limit,
        };
        if (!ok)
        {
            string range = column == "drift_nu_mean" ? $"within ±{limit}" : $"in [0, {limit}]";
            string expected = column == "g_target_uS" && previous.Count > 0
                ? $"{range} and above the previous row's {previous[^1]} (ascending, no repeats)"
                : range;
            throw new MemfluxException($"{source}:{line}: column {column}: expected {expected}, found {v}");
        }
    }

    private static bool IsSkipped(string line) => line.TrimStart().StartsWith('#') || string.IsNullOrWhiteSpace(line);
}
