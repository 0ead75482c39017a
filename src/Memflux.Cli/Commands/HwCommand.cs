using System.CommandLine;
using Memflux.Chip.Hardware;
using Memflux.Cli.Infrastructure;
using Spectre.Console;

namespace Memflux.Cli.Commands;

/// <summary><c>memflux hw show PRESET|FILE [--json]</c> and <c>memflux hw validate FILE</c>: chip hardware descriptions.</summary>
internal sealed class HwCommand : Command
{
    public HwCommand(CliContext context)
        : base("hw", "Show or validate a chip hardware description (a preset or a JSON file) and its peak figures.")
    {
        Subcommands.Add(new ShowCommand(context));
        Subcommands.Add(new ValidateCommand(context));
    }

    /// <summary>The JSON shape of a spec's peak figures.</summary>
    public static object ToJson(ChipSpec spec, PeakFigures peak)
    {
        var m = peak.Model;
        return new
        {
            name = spec.Name,
            description = spec.Description,
            process_node_nm = spec.ProcessNodeNm,
            cores = spec.Cores.Count,
            tiles_per_core = spec.Core.Tiles.Count,
            tile_rows = spec.Core.Tiles.Rows,
            tile_cols = spec.Core.Tiles.Cols,
            read_phases = spec.Core.ReadPhases,
            macs_per_tile_mvm = m.MacsPerTileMvm,
            tile_mvm_interval_ns = m.TileMvmIntervalNs,
            tile_mvm_latency_ns = m.TileMvmLatencyNs,
            tile_mvm_energy_pj = m.TileMvmEnergy.TotalPj,
            peak_mvms_per_s = m.PeakMvmsPerSecond,
            peak_tops = peak.PeakTops,
            peak_tops_per_watt = peak.PeakTopsPerWatt,
            peak_tops_per_mm2 = peak.PeakTopsPerMm2,
            power_w = peak.PowerW,
            area_mm2 = peak.AreaMm2,
            adc_power_fraction = peak.AdcPowerFraction,
            components = peak.Components.Select(c => new { name = c.Name, power_w = c.PowerW, area_mm2 = c.AreaMm2 }),
        };
    }

    /// <summary>Writes the spec summary and the per-component table.</summary>
    public static void WriteTable(IAnsiConsole console, ChipSpec spec, PeakFigures peak)
    {
        var m = peak.Model;
        var core = spec.Core;
        console.WriteLine($"Chip:    {spec.Name}: {spec.Description}");
        console.WriteLine($"Process: {Format.Fixed(spec.ProcessNodeNm, 0)} nm, clock {Format.Fixed(spec.ClockMhz, 0)} MHz");
        console.WriteLine($"Cores:   {spec.Cores.Count} on a {spec.Cores.MeshRows}x{spec.Cores.MeshCols} mesh, {core.Tiles.Count} tile(s) of {core.Tiles.Rows}x{core.Tiles.Cols} each ({core.Tiles.DevicesPerWeight} device(s)/weight, {core.Tiles.BitsPerDevice} bit(s)/device)");
        console.WriteLine($"Input:   {core.Input.Bits}-bit {core.Input.Encoding}, {Format.Fixed(core.Input.StepTimeNs, 3)} ns per step, {core.ReadPhases} read phase(s)");
        console.WriteLine($"ADC:     {core.Adc.Bits}-bit {core.Adc.Type}, {m.AdcsPerTile} per tile ({core.Adc.ColumnsPerAdc} column(s) each), {Format.Fixed(core.Adc.EnergyPerConversionPj, 3)} pJ, {Format.Fixed(core.Adc.ConversionTimeNs, 3)} ns per conversion");
        console.WriteLine($"Tile MVM: {Format.Count(m.MacsPerTileMvm)} MACs every {Format.Fixed(m.TileMvmIntervalNs, 2)} ns (latency {Format.Fixed(m.TileMvmLatencyNs, 2)} ns), {Format.Fixed(m.TileMvmEnergy.TotalPj / 1000, 3)} nJ");
        if (spec.System is { } sys)
        {
            var l = sys.Link;
            console.WriteLine($"System:  {sys.Chips} chip(s) on a {sys.Topology} (--chips overrides), links of {Format.Fixed(l.BandwidthGbps, 1)} Gbit/s, {Format.Fixed(l.LatencyNs, 1)} ns, {Format.Fixed(l.EnergyPerBitPj, 3)} pJ/bit, {Format.Fixed(l.AreaMm2, 2)} mm² of PHYs per chip; digital work on the {sys.DigitalWork}");
        }

        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("component");
        table.AddColumn(new TableColumn("power (W)").RightAligned());
        table.AddColumn(new TableColumn("power").RightAligned());
        table.AddColumn(new TableColumn("area (mm²)").RightAligned());
        table.AddColumn(new TableColumn("area").RightAligned());
        foreach (var c in peak.Components)
        {
            table.AddRow(
                Markup.Escape(c.Name),
                Format.Fixed(c.PowerW, 4),
                Format.Percent(c.PowerW / peak.PowerW),
                Format.Fixed(c.AreaMm2, 4),
                Format.Percent(peak.AreaMm2 > 0 ? c.AreaMm2 / peak.AreaMm2 : 0));
        }

        table.AddRow("total", Format.Fixed(peak.PowerW, 4), "100%", Format.Fixed(peak.AreaMm2, 4), "100%");
        console.Write(table);
        console.WriteLine(
            $"Peak: {Format.Fixed(peak.PeakTops, 2)} TOPS, {Format.Fixed(peak.PeakTopsPerWatt, 3)} TOPS/W, {Format.Fixed(peak.PeakTopsPerMm2, 4)} TOPS/mm², " +
            $"{Format.Fixed(peak.PowerW, 3)} W, {Format.Fixed(peak.AreaMm2, 3)} mm², ADCs {Format.Percent(peak.AdcPowerFraction)} of power.");
    }

    private sealed class ShowCommand : Command
    {
        private readonly CliContext _context;
        private readonly Option<bool> _json = CommonOptions.Json();
        private readonly Argument<string> _hw = new("HW")
        {
            Description = $"A hardware preset ({string.Join(", ", ChipPresets.Names)}) or a path to a chip spec JSON file.",
        };

        public ShowCommand(CliContext context)
            : base("show", "Print a chip hardware description with its peak TOPS, TOPS/W, power and area per component (all tiles busy).")
        {
            _context = context;
            Arguments.Add(_hw);
            Options.Add(_json);
            SetAction(Run);
        }

        private int Run(ParseResult parse)
        {
            var spec = ChipPresets.Resolve(parse.GetRequiredValue(_hw));
            var peak = PeakFigures.Of(spec);
            if (parse.GetValue(_json))
            {
                JsonOutput.Write(_context.Out, ToJson(spec, peak));
            }
            else
            {
                WriteTable(_context.OutConsole, spec, peak);
            }

            return ExitCodes.Success;
        }
    }

    private sealed class ValidateCommand : Command
    {
        private readonly CliContext _context;
        private readonly Argument<string> _file = new("FILE") { Description = "Path to a chip spec JSON file." };
        private readonly Option<bool> _json = CommonOptions.Json();

        public ValidateCommand(CliContext context)
            : base("validate", "Check a chip spec JSON file: every field present, known and in range; exit 0 if valid, 2 naming each bad field.")
        {
            _context = context;
            Arguments.Add(_file);
            Options.Add(_json);
            SetAction(Run);
        }

        private int Run(ParseResult parse)
        {
            string path = parse.GetRequiredValue(_file);
            var spec = ChipSpecLoader.Load(path);
            long tiles = spec.Core.Tiles.Count * (long)spec.Cores.Count;
            if (parse.GetValue(_json))
            {
                JsonOutput.Write(_context.Out, new { path, valid = true, name = spec.Name, cores = spec.Cores.Count, tiles });
                return ExitCodes.Success;
            }

            _context.Out.WriteLine($"OK: {path} is a valid chip spec '{spec.Name}' ({spec.Cores.Count} cores, {tiles} tiles).");
            return ExitCodes.Success;
        }
    }
}
