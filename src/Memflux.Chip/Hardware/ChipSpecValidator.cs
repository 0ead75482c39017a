using System.Globalization;
using System.Text.RegularExpressions;

namespace Memflux.Chip.Hardware;

/// <summary>
/// Range and consistency checks of a <see cref="ChipSpec"/>, each problem reported with the JSON path of its field,
/// the expected range and the value found. Nothing is clamped or defaulted.
/// </summary>
public static partial class ChipSpecValidator
{
    private static readonly string[] Encodings = [InputDriverSpec.BitSerial, InputDriverSpec.PulseWidth];
    private static readonly string[] AdcTypes = ["sar", "cco", "flash", "ramp", "integrate_fire", "other"];
    private static readonly string[] Roles = [BufferSpec.InputRole, BufferSpec.OutputRole, BufferSpec.InputOutputRole];
    private static readonly string[] Topologies = [SystemSpec.Ring, SystemSpec.Mesh, SystemSpec.Switch];

    private static readonly string[] DigitalWorkPlaces = [SystemSpec.CoresDigitalWork, SystemSpec.HostDigitalWork];

    /// <summary>The most chips a system may have.</summary>
    public const int MaxChips = 65536;

    /// <summary>Every problem in <paramref name="spec"/>, one line each ("$.path: expected …, found …."); empty when valid.</summary>
    public static IReadOnlyList<string> Problems(ChipSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var v = new Checker(spec.Citations);
        v.Text("$.name", spec.Name);
        v.Text("$.description", spec.Description);
        v.Range("$.process_node_nm", spec.ProcessNodeNm, 1, 1000);
        v.Range("$.clock_mhz", spec.ClockMhz, 1e-3, 1e5);
        v.Range("$.cores.count", spec.Cores.Count, 1, 1_000_000);
        v.Range("$.cores.mesh_rows", spec.Cores.MeshRows, 1, 1_000_000);
        v.Range("$.cores.mesh_cols", spec.Cores.MeshCols, 1, 1_000_000);
        if ((long)spec.Cores.MeshRows * spec.Cores.MeshCols < spec.Cores.Count)
        {
            v.Fail("$.cores", $"mesh_rows × mesh_cols ≥ count ({spec.Cores.Count})", $"{spec.Cores.MeshRows} × {spec.Cores.MeshCols}");
        }

        CheckCore(v, spec.Core);
        var noc = spec.Noc;
        v.Range("$.noc.link_bandwidth_gbps", noc.LinkBandwidthGbps, 1e-6, 1e6);
        v.Range("$.noc.hop_latency_ns", noc.HopLatencyNs, 0, 1e6);
        v.Range("$.noc.energy_per_bit_per_hop_pj", noc.EnergyPerBitPerHopPj, 0, 1e6);
        v.Range("$.noc.routers_per_core", noc.RoutersPerCore, 0, 1000);
        v.Range("$.noc.router_area_mm2", noc.RouterAreaMm2, 0, 1e4);
        v.Source("$.noc.source", noc.Source);
        v.Range("$.static_power_mw", spec.StaticPowerMw, 0, 1e9);
        var names = new HashSet<string>(PeakFigures.CoreComponentNames, StringComparer.Ordinal);
        CheckFixed(v, "$.core.other_components", spec.Core.OtherComponents, names);
        CheckFixed(v, "$.chip_components", spec.ChipComponents, names);
        if (spec.System is { } system)
        {
            CheckSystem(v, system);
        }

        if (spec.Citations.Count == 0)
        {
            v.Fail("$.citations", "at least one citation", "none");
        }

        foreach (var (key, text) in spec.Citations)
        {
            v.Text($"$.citations.{key}", text);
        }

        return v.Errors;
    }

    /// <summary>Throws a <see cref="Numerics.MemfluxException"/> naming <paramref name="source"/> and every problem, if any.</summary>
    public static void ThrowIfInvalid(ChipSpec spec, string source)
    {
        var problems = Problems(spec);
        if (problems.Count > 0)
        {
            throw new Numerics.MemfluxException($"{source}: invalid chip spec:\n  " + string.Join("\n  ", problems));
        }
    }

    private static void CheckCore(Checker v, CoreSpec core)
    {
        var t = core.Tiles;
        v.Range("$.core.tiles.count", t.Count, 1, 1_000_000);
        v.Range("$.core.tiles.rows", t.Rows, 1, 65536);
        v.Range("$.core.tiles.cols", t.Cols, 1, 65536);
        v.Divides("$.core.tiles.rows_per_weight", t.RowsPerWeight, t.Rows, "rows");
        v.Divides("$.core.tiles.cols_per_weight", t.ColsPerWeight, t.Cols, "cols");
        long lines = (long)Math.Max(1, t.RowsPerWeight) * Math.Max(1, t.ColsPerWeight);
        if (t.DevicesPerWeight < 1 || t.DevicesPerWeight > 64 || t.DevicesPerWeight % lines != 0)
        {
            v.Fail("$.core.tiles.devices_per_weight", $"a multiple of rows_per_weight × cols_per_weight ({lines}) in [1, 64]", t.DevicesPerWeight);
        }

        v.Range("$.core.tiles.bits_per_device", t.BitsPerDevice, 1, 8);
        v.Range("$.core.tiles.read_energy_per_activation_pj", t.ReadEnergyPerActivationPj, 0, 1e9);
        v.Range("$.core.tiles.area_mm2", t.AreaMm2, 0, 1e4);
        v.Source("$.core.tiles.source", t.Source);
        v.Range("$.core.read_phases", core.ReadPhases, 1, 16);
        v.Range("$.core.output_bits", core.OutputBits, 1, 64);

        var input = core.Input;
        v.OneOf("$.core.input.encoding", input.Encoding, Encodings);
        v.Range("$.core.input.bits", input.Bits, input.SignedMagnitude ? 2 : 1, input.IsBitSerial ? 32 : 16);
        if (input.IsBitSerial && input.SignedMagnitude)
        {
            v.Fail("$.core.input.signed_magnitude", "false with bit_serial encoding (the sign is one of the bits)", "true");
        }

        v.Range("$.core.input.step_time_ns", input.StepTimeNs, 1e-6, 1e9);
        v.Range("$.core.input.energy_per_row_drive_pj", input.EnergyPerRowDrivePj, 0, 1e9);
        v.Range("$.core.input.area_mm2", input.AreaMm2, 0, 1e4);
        v.Source("$.core.input.source", input.Source);

        var adc = core.Adc;
        v.OneOf("$.core.adc.type", adc.Type, AdcTypes);
        v.Range("$.core.adc.bits", adc.Bits, 1, 32);
        v.Range("$.core.adc.columns_per_adc", adc.ColumnsPerAdc, 1, Math.Max(1, t.Cols));
        v.Range("$.core.adc.energy_per_conversion_pj", adc.EnergyPerConversionPj, 0, 1e9);
        v.Range("$.core.adc.conversion_time_ns", adc.ConversionTimeNs, 1e-6, 1e9);
        v.Range("$.core.adc.area_mm2", adc.AreaMm2, 0, 1e4);
        v.Source("$.core.adc.source", adc.Source);

        foreach (var (name, unit) in new[] { ("accumulate", core.Digital.Accumulate), ("activation", core.Digital.Activation), ("pooling", core.Digital.Pooling) })
        {
            string p = $"$.core.digital.{name}";
            v.Range($"{p}.energy_per_op_pj", unit.EnergyPerOpPj, 0, 1e9);
            v.Range($"{p}.throughput_gops", unit.ThroughputGops, 1e-9, 1e12);
            v.Range($"{p}.area_mm2", unit.AreaMm2, 0, 1e4);
            v.Source($"{p}.source", unit.Source);
        }

        var bufferNames = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < core.Buffers.Count; i++)
        {
            var b = core.Buffers[i];
            string p = $"$.core.buffers[{i}]";
            v.Text($"{p}.name", b.Name);
            if (!bufferNames.Add(b.Name))
            {
                v.Fail($"{p}.name", "a name no other buffer has", $"\"{b.Name}\"");
            }

            v.OneOf($"{p}.role", b.Role, Roles);
            v.Range($"{p}.size_bytes", b.SizeBytes, 1, 1L << 40);
            v.Range($"{p}.energy_per_byte_pj", b.EnergyPerBytePj, 0, 1e9);
            v.Range($"{p}.area_mm2", b.AreaMm2, 0, 1e4);
            v.Source($"{p}.source", b.Source);
        }

        v.Range("$.core.static_power_mw", core.StaticPowerMw, 0, 1e9);
        var prog = core.Programming;
        v.Range("$.core.programming.pulse_energy_pj", prog.PulseEnergyPj, 0, 1e9);
        v.Range("$.core.programming.iteration_time_ns", prog.IterationTimeNs, 1e-6, 1e12);
        v.Range("$.core.programming.mean_iterations_per_device", prog.MeanIterationsPerDevice, 1, 1e6);
        v.Range("$.core.programming.parallel_devices_per_tile", prog.ParallelDevicesPerTile, 1, 1 << 30);
        v.Source("$.core.programming.source", prog.Source);
    }

    private static void CheckSystem(Checker v, SystemSpec system)
    {
        if (!system.Chips.IsAuto)
        {
            v.Range("$.system.chips", system.Chips.Count, 1, MaxChips);
        }

        v.OneOf("$.system.topology", system.Topology, Topologies);
        v.Range("$.system.mesh_rows", system.MeshRows, 0, MaxChips);
        v.Range("$.system.mesh_cols", system.MeshCols, 0, MaxChips);
        if (system.Topology == SystemSpec.Mesh)
        {
            if ((system.MeshRows == 0) != (system.MeshCols == 0))
            {
                v.Fail("$.system.mesh_rows", "mesh_rows and mesh_cols both 0 (the squarest grid) or both at least 1", $"{system.MeshRows} x {system.MeshCols}");
            }
            else if (!system.Chips.IsAuto && system.MeshRows > 0 && (long)system.MeshRows * system.MeshCols < system.Chips.Count)
            {
                v.Fail("$.system", $"mesh_rows × mesh_cols ≥ chips ({system.Chips.Count})", $"{system.MeshRows} × {system.MeshCols}");
            }
        }
        else if (system.MeshRows != 0 || system.MeshCols != 0)
        {
            v.Fail("$.system.mesh_rows", $"mesh_rows and mesh_cols 0 with topology \"{system.Topology}\" (they size a mesh only)", $"{system.MeshRows} x {system.MeshCols}");
        }

        var link = system.Link;
        v.Range("$.system.link.bandwidth_gbps", link.BandwidthGbps, 1e-6, 1e9);
        v.Range("$.system.link.latency_ns", link.LatencyNs, 0, 1e9);
        v.Range("$.system.link.energy_per_bit_pj", link.EnergyPerBitPj, 0, 1e6);
        v.Range("$.system.link.area_mm2", link.AreaMm2, 0, 1e4);
        v.Source("$.system.link.source", link.Source);
        v.OneOf("$.system.digital_work", system.DigitalWork, DigitalWorkPlaces);
        v.Source("$.system.source", system.Source);
        if (system.Host is { } host)
        {
            v.Range("$.system.host.link.bandwidth_gbps", host.Link.BandwidthGbps, 1e-6, 1e9);
            v.Range("$.system.host.link.latency_ns", host.Link.LatencyNs, 0, 1e9);
            v.Range("$.system.host.link.energy_per_bit_pj", host.Link.EnergyPerBitPj, 0, 1e6);
            v.Range("$.system.host.link.area_mm2", host.Link.AreaMm2, 0, 1e4);
            v.Source("$.system.host.link.source", host.Link.Source);
            v.Range("$.system.host.throughput_gops", host.ThroughputGops, 1e-6, 1e9);
            v.Range("$.system.host.energy_per_op_pj", host.EnergyPerOpPj, 0, 1e9);
            v.Source("$.system.host.source", host.Source);
        }
        else if (system.DigitalOnHost)
        {
            v.Fail("$.system.host", "a host section (link, throughput_gops, energy_per_op_pj, source) with digital_work \"host\"", "none");
        }
    }

    private static void CheckFixed(Checker v, string path, IReadOnlyList<FixedComponentSpec> components, HashSet<string> names)
    {
        for (int i = 0; i < components.Count; i++)
        {
            var c = components[i];
            string p = $"{path}[{i}]";
            v.Text($"{p}.name", c.Name);
            if (!names.Add(c.Name))
            {
                v.Fail($"{p}.name", "a name no other component has", $"\"{c.Name}\"");
            }

            v.Range($"{p}.power_mw", c.PowerMw, 0, 1e9);
            v.Range($"{p}.area_mm2", c.AreaMm2, 0, 1e4);
            v.Source($"{p}.source", c.Source);
        }
    }

    [GeneratedRegex(@"\[([A-Za-z0-9_\-]+)\]")]
    private static partial Regex CitationKey();

    private sealed class Checker(IReadOnlyDictionary<string, string> citations)
    {
        public List<string> Errors { get; } = [];

        public void Fail(string path, string expected, object found) =>
            Errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: expected {expected}, found {found}."));

        public void Range(string path, double value, double min, double max)
        {
            if (!(value >= min && value <= max))
            {
                Fail(path, string.Create(CultureInfo.InvariantCulture, $"a value in [{min:G}, {max:G}]"), value.ToString("G", CultureInfo.InvariantCulture));
            }
        }

        public void Range(string path, long value, long min, long max)
        {
            if (value < min || value > max)
            {
                Fail(path, string.Create(CultureInfo.InvariantCulture, $"an integer in [{min}, {max}]"), value);
            }
        }

        public void Divides(string path, int value, int total, string what)
        {
            if (value < 1 || total < 1 || total % value != 0)
            {
                Fail(path, $"a divisor of {what} ({total})", value);
            }
        }

        public void Text(string path, string value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Fail(path, "a non-empty string", "an empty one");
            }
        }

        public void OneOf(string path, string value, string[] allowed)
        {
            if (!allowed.Contains(value, StringComparer.Ordinal))
            {
                Fail(path, "one of " + string.Join(", ", allowed), $"\"{value}\"");
            }
        }

        /// <summary>A source must cite at least one key of $.citations in brackets, e.g. "[shafiee2016] Table 6".</summary>
        public void Source(string path, string value)
        {
            var keys = CitationKey().Matches(value ?? "").Select(m => m.Groups[1].Value).ToList();
            if (keys.Count == 0)
            {
                Fail(path, "a source citing a key of $.citations in brackets, e.g. \"[key] Table 1\"", $"\"{value}\"");
            }

            foreach (string key in keys.Where(k => !citations.ContainsKey(k)))
            {
                Fail(path, $"citation keys defined in $.citations ({string.Join(", ", citations.Keys)})", $"[{key}]");
            }
        }
    }
}
