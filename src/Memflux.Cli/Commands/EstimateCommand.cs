using System.CommandLine;
using System.Globalization;
using Memflux.Chip.Hardware;
using Memflux.Chip.Image;
using Memflux.Cli.Infrastructure;
using Memflux.Cost;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;
using Spectre.Console;

namespace Memflux.Cli.Commands;

/// <summary>
/// <c>memflux estimate --model M --hw PRESET|FILE [--batch N] [--json]</c>: compiles a model onto a chip and reports
/// latency, throughput, energy and area per component, programming cost and the digital weight-fetching baseline.
/// </summary>
internal sealed class EstimateCommand : Command
{
    private readonly CliContext _context;
    private readonly Option<string?> _model = new("--model")
    {
        Description = $"The ONNX model: a file, '{BundledModels.ResNet18Name}' for the bundled ResNet18, or a zoo name ({string.Join(", ", BundledModels.ZooNames)}).",
    };

    private readonly Option<string?> _hw = new("--hw")
    {
        Description = $"The chip: a hardware preset ({string.Join(", ", ChipPresets.Names)}) or a chip spec JSON file.",
    };

    private readonly Option<string?> _chip = new("--chip")
    {
        Description = "A chip image from 'memflux compile' instead of --model and --hw: its model and hardware, and the programming cost measured from its devices' program-and-verify counts.",
    };

    private readonly Option<int> _batch = new("--batch") { Description = "Images streamed through the chip (all ready at time 0).", DefaultValueFactory = _ => 1 };
    private readonly Option<bool> _json = CommonOptions.Json();
    private readonly ModelShapeOptions _shapes;

    public EstimateCommand(CliContext context)
        : base("estimate", "Compile a model onto a chip (partition, replicate, place) and estimate latency, throughput, energy, area and the digital baseline.")
    {
        _context = context;
        _batch.AddAtLeastOne();
        Options.Add(_model);
        Options.Add(_hw);
        Options.Add(_chip);
        Options.Add(_batch);
        _shapes = new ModelShapeOptions(this);
        Options.Add(_json);
        SetAction(Run);
    }

    /// <summary>Imports <paramref name="model"/> at <paramref name="batch"/> and estimates it on <paramref name="spec"/>.</summary>
    public static CostEstimate Estimate(CliContext context, string model, ChipSpec spec, int batch, ImportOptions? import = null)
    {
        string path = BundledModels.ResolveModelPath(model);
        import = (import ?? new ImportOptions()) with { BatchSize = batch, Pipeline = PassPipeline.Default };
        var graph = context.Step($"Importing {path}", _ => OnnxImporter.Load(path, import));
        return context.Step($"Compiling onto {spec.Name}", _ => CostEstimator.Estimate(graph, batch, spec));
    }

    /// <summary>The JSON shape of an estimate.</summary>
    /// <summary>Estimates the model and hardware stored in a chip image, with its measured programming cost.</summary>
    public static CostEstimate EstimateImage(CliContext context, string path, int batch)
    {
        var image = context.Step($"Loading {path}", _ => ChipImage.Load(path));
        var graph = OnnxImporter.Load(image.ModelBytes, image.ModelName, new ImportOptions { BatchSize = batch, Pipeline = PassPipeline.Default });
        var estimate = context.Step($"Compiling onto {image.Hardware.Name}", _ => CostEstimator.Estimate(graph, batch, image.Hardware));
        return estimate with { Programming = ProgrammingCost.FromChip(estimate.Mapping, image.CreateChip(graph)) };
    }

    public static object ToJson(CostEstimate e)
    {
        var m = e.Mapping;
        var u = m.Utilisation;
        return new
        {
            model = m.Network.Name,
            hw = m.Spec.Name,
            batch = e.Timing.Batch,
            macs_per_inference = m.Network.MacsPerImage,
            weights = m.Network.WeightCount,
            tops_peak = e.Peak.PeakTops,
            tops = e.Tops,
            tops_per_watt = e.TopsPerWatt,
            tops_per_mm2 = e.TopsPerMm2,
            power_w = e.PowerW,
            area_mm2 = e.Peak.AreaMm2,
            latency_s = e.Timing.LatencyNs * 1e-9,
            makespan_s = e.Timing.MakespanNs * 1e-9,
            initiation_interval_s = e.Timing.InitiationIntervalNs * 1e-9,
            throughput_ips = e.Timing.ThroughputIps,
            batch_throughput_ips = e.Timing.BatchThroughputIps,
            bottleneck = e.Timing.Bottleneck,
            closed_form = new { latency_s = e.ClosedForm.LatencyNs * 1e-9, makespan_s = e.ClosedForm.MakespanNs * 1e-9, initiation_interval_s = e.ClosedForm.InitiationIntervalNs * 1e-9 },
            energy_per_inference_j = e.EnergyPerInferenceJ,
            energy = e.Energy.Select(c => new { name = c.Name, energy_j = c.EnergyJ }),
            area = e.Peak.Components.Select(c => new { name = c.Name, area_mm2 = c.AreaMm2 }),
            digital_baseline_energy_j = e.Baseline.EnergyJ,
            digital_baseline_ratio = e.BaselineRatio,
            digital_baseline = new
            {
                precision = e.Baseline.Precision.ToString().ToLowerInvariant(),
                weight_store = e.Baseline.WeightStore,
                compute_j = e.Baseline.ComputeJ,
                weight_movement_j = e.Baseline.WeightMovementJ,
                weight_movement_fraction = e.Baseline.WeightMovementFraction,
            },
            programming = new
            {
                devices = e.Programming.Devices,
                iterations_per_device = e.Programming.IterationsPerDevice,
                measured = e.Programming.Measured,
                energy_j = e.Programming.EnergyJ,
                time_s = e.Programming.TimeS,
            },
            utilisation = new
            {
                tiles_available = u.TilesAvailable,
                tiles_needed = u.TilesNeeded,
                tiles_used = u.TilesUsed,
                tile_fraction = u.TileFraction,
                cell_fraction = u.CellFraction,
                cores_used = u.CoresUsed,
                hop_bits_per_inference = m.HopBitsPerImage,
            },
            layers = m.Layers.Select(l => new
            {
                name = l.Shape.Description,
                inputs = l.Shape.Inputs,
                outputs = l.Shape.Outputs,
                groups = l.Shape.Groups,
                mvms_per_inference = l.Shape.MvmsPerImage,
                row_blocks = l.RowBlocks,
                column_blocks = l.ColumnBlocks,
                tiles_per_copy = l.TilesPerCopy,
                replicas = l.Replicas,
                mvms_per_tile = l.MvmsPerTilePerImage,
                cores = l.Cores.Select(c => c.Core),
            }),
            cores_busy = e.Timing.Cores.Where(c => c.TileBusyFraction > 0 || c.DigitalBusyFraction > 0)
                .Select(c => new { core = c.Core, tiles = c.TileBusyFraction, digital = c.DigitalBusyFraction }),
        };
    }

    private int Run(ParseResult parse)
    {
        string? model = parse.GetValue(_model), hw = parse.GetValue(_hw), chip = parse.GetValue(_chip);
        if (chip is null ? model is null || hw is null : model is not null || hw is not null)
        {
            throw new MemfluxException("estimate needs either --model and --hw, or --chip (a chip image, which holds both).");
        }

        var estimate = chip is null
            ? Estimate(_context, model!, ChipPresets.Resolve(hw!), parse.GetValue(_batch), _shapes.ToImportOptions(parse, PassPipeline.Default)) // a bad chip fails before the model loads
            : EstimateImage(_context, chip, parse.GetValue(_batch));
        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, ToJson(estimate));
        }
        else
        {
            WriteTables(_context.OutConsole, estimate);
        }

        return ExitCodes.Success;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes the estimate as tables.</summary>
    public static void WriteTables(IAnsiConsole console, CostEstimate e)
    {
        var m = e.Mapping;
        var u = m.Utilisation;
        console.WriteLine(F($"{m.Network.Name} on {m.Spec.Name}, batch {e.Timing.Batch}: {Format.Count(m.Network.WeightCount)} weights, {Format.Count(m.Network.MacsPerImage)} MACs per inference"));
        console.WriteLine(F($"Tiles: {u.TilesNeeded} needed, {u.TilesUsed} used with replication, of {u.TilesAvailable} ({Format.Percent(u.TileFraction)}); cells holding weights {Format.Percent(u.CellFraction)}; {u.CoresUsed} core(s)"));
        var layers = new Table().Border(TableBorder.Simple);
        foreach (string c in new[] { "layer", "k x n (x groups)", "tiles/copy", "replicas", "MVMs/inf", "MVMs/tile", "cores" })
        {
            layers.AddColumn(c == "layer" ? new TableColumn(c) : new TableColumn(c).RightAligned());
        }

        foreach (var l in m.Layers)
        {
            string shape = F($"{l.Shape.Inputs}x{l.Shape.Outputs}") + (l.Shape.Groups > 1 ? F($" x{l.Shape.Groups}") : "");
            layers.AddRow(Markup.Escape(l.Shape.Description), shape, F($"{l.TilesPerCopy}"), F($"{l.Replicas}"), Format.Count(l.Shape.MvmsPerImage), Format.Count(l.MvmsPerTilePerImage), F($"{l.Cores.Count}"));
        }

        console.Write(layers);
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("component");
        table.AddColumn(new TableColumn("energy/inference (J)").RightAligned());
        table.AddColumn(new TableColumn("energy").RightAligned());
        table.AddColumn(new TableColumn("area (mm²)").RightAligned());
        double total = e.EnergyPerInferenceJ;
        foreach (var c in e.Energy)
        {
            double area = c.Name == "fixed"
                ? e.Peak.Components.Where(p => !PeakFigures.CoreComponentNames.Contains(p.Name)).Sum(p => p.AreaMm2)
                : e.Peak.Components.FirstOrDefault(p => p.Name == c.Name)?.AreaMm2 ?? 0;
            table.AddRow(c.Name, Format.Sci(c.EnergyJ), Format.Percent(c.EnergyJ / total), Format.Fixed(area, 4));
        }

        table.AddRow("total", Format.Sci(total), "100%", Format.Fixed(e.Peak.AreaMm2, 4));
        console.Write(table);
        console.WriteLine(F($"Latency {Format.Sci(e.Timing.LatencyNs * 1e-9)} s; throughput {Format.Sci(e.Timing.ThroughputIps)} inf/s (interval {Format.Sci(e.Timing.InitiationIntervalNs * 1e-9)} s); bottleneck: {e.Timing.Bottleneck}"));
        console.WriteLine(F($"Closed form: latency {Format.Sci(e.ClosedForm.LatencyNs * 1e-9)} s, interval {Format.Sci(e.ClosedForm.InitiationIntervalNs * 1e-9)} s"));
        console.WriteLine(F($"Energy {Format.Sci(total)} J/inference, power {Format.Fixed(e.PowerW, 4)} W, {Format.Fixed(e.Tops, 4)} TOPS achieved of {Format.Fixed(e.Peak.PeakTops, 2)} peak, {Format.Fixed(e.TopsPerWatt, 3)} TOPS/W, {Format.Fixed(e.TopsPerMm2, 5)} TOPS/mm², area {Format.Fixed(e.Peak.AreaMm2, 3)} mm²"));
        console.WriteLine(F($"Programming: {Format.Count(e.Programming.Devices)} devices x {e.Programming.IterationsPerDevice:0.##} iterations = {Format.Sci(e.Programming.EnergyJ)} J, {Format.Sci(e.Programming.TimeS)} s"));
        console.WriteLine(F($"Digital baseline ({e.Baseline.Precision.ToString().ToLowerInvariant()}, weights from {e.Baseline.WeightStore}): {Format.Sci(e.Baseline.EnergyJ)} J/inference, {Format.Percent(e.Baseline.WeightMovementFraction)} weight movement; {Format.Fixed(e.BaselineRatio, 2)}x the analog energy"));
    }
}
