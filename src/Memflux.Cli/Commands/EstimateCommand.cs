using System.CommandLine;
using System.Globalization;
using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;
using Memflux.Cli.Infrastructure;
using Memflux.Cli.Reporting;
using Memflux.Cost;
using Memflux.Experiments;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Spectre.Console;

namespace Memflux.Cli.Commands;

/// <summary>
/// <c>memflux estimate --model M --hw PRESET|FILE [--chips auto|N] [--batch N] [--json]</c>: compiles a model onto a chip
/// or a system of chips and reports latency, throughput, energy and area per component, programming cost and the
/// digital weight-fetching baseline (and, for a system, chips used, tiles per chip and the traffic over chip links).
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

    private readonly Option<string?> _chips = CommonOptions.Chips();
    private readonly Option<int> _batch = new("--batch") { Description = "Images streamed through the chip (all ready at time 0).", DefaultValueFactory = _ => 1 };
    private readonly Option<string?> _report = ReportOutput.Option();
    private readonly Option<bool> _json = CommonOptions.Json();
    private readonly Option<bool> _perImage = new("--per-image") { Description = "Time each layer per whole image (a layer starts once its producers finished the image) instead of pipelined by rows and tokens, for comparison." };
    private readonly ModelShapeOptions _shapes;

    public EstimateCommand(CliContext context)
        : base("estimate", "Compile a model onto a chip (partition, replicate, place) and estimate latency, throughput, energy, area and the digital baseline.")
    {
        _context = context;
        _batch.AddAtLeastOne();
        Options.Add(_model);
        Options.Add(_hw);
        Options.Add(_chip);
        Options.Add(_chips);
        Options.Add(_batch);
        Options.Add(_perImage);
        _shapes = new ModelShapeOptions(this);
        Options.Add(_report);
        Options.Add(_json);
        SetAction(Run);
    }

    /// <summary>The JSON shape of an estimate.</summary>
    public static object ToJson(CostEstimate e)
    {
        var m = e.Mapping;
        var sys = e.System;
        var u = m.Utilisation;
        return new
        {
            model = sys.Network.Name,
            hw = m.Spec.Name,
            batch = e.Timing.Batch,
            macs_per_inference = sys.Network.MacsPerImage,
            weights = sys.Network.WeightCount,
            chips = e.Chips,
            system = new
            {
                chips = e.Chips,
                topology = sys.Topology.Kind,
                tiles_per_chip = m.Model.TotalTiles,
                tiles_needed = sys.TilesNeeded,
                tiles_used = sys.TilesUsed,
                chip_tiles_used = sys.Chips.Select(c => c.Utilisation.TilesUsed),
                chip_tiles_needed = sys.Chips.Select(c => c.Utilisation.TilesNeeded),
                link_bits_per_inference = sys.LinkBitsPerImage,
                link_hop_bits_per_inference = sys.LinkHopBitsPerImage,
                link_energy_j = e.Energy.First(c => c.Name == EnergyBreakdown.ChipLinks).EnergyJ,
                digital_work = sys.Spec.System?.DigitalWork ?? SystemSpec.CoresDigitalWork,
                host = e.Host is { } h ? new { ops_per_inference = h.OpsPerInference, bits_to_host_per_inference = h.BitsToHost, bits_from_host_per_inference = h.BitsFromHost, ops_energy_j = h.OpsEnergyJ, link_energy_j = h.LinkEnergyJ } : null,
                link_flows = sys.Flows.Select(f => new
                {
                    from = sys.Chips[f.FromChip].Layers[sys.LocalLayerOfPart[f.FromPart]].Shape.Description,
                    to = sys.Chips[f.ToChip].Layers[sys.LocalLayerOfPart[f.ToPart]].Shape.Description,
                    from_chip = f.FromChip,
                    to_chip = f.ToChip,
                    kind = f.Kind == ChipLinkFlowKind.PartialSums ? "partial_sums" : "activations",
                    bits_per_inference = f.BitsPerImage,
                    link_hops = f.Links.Count,
                }),
            },
            tops_peak = e.PeakTops,
            tops = e.Tops,
            tops_per_watt = e.TopsPerWatt,
            tops_per_mm2 = e.TopsPerMm2,
            power_w = e.PowerW,
            area_mm2 = e.AreaMm2,
            latency_s = e.Timing.LatencyNs * 1e-9,
            makespan_s = e.Timing.MakespanNs * 1e-9,
            initiation_interval_s = e.Timing.InitiationIntervalNs * 1e-9,
            tokens_per_inference = e.Timing.TokensPerImage,
            initiation_interval_per_token_s = e.Timing.TokensPerImage > 0 ? e.Timing.InitiationIntervalPerTokenNs * 1e-9 : (double?)null,
            throughput_ips = e.Timing.ThroughputIps,
            batch_throughput_ips = e.Timing.BatchThroughputIps,
            bottleneck = e.Timing.Bottleneck,
            digital_baseline_timing = e.BaselineTiming is { } b ? new
            {
                time_per_inference_s = b.TimePerImageNs * 1e-9,
                makespan_s = b.MakespanNs * 1e-9,
                throughput_ips = b.ThroughputIps,
                compute_s = b.ComputeNs * 1e-9,
                weight_fetch_s = b.WeightFetchNs * 1e-9,
                compute_bound_layers = b.ComputeBoundLayers,
                weight_bound_layers = b.WeightBoundLayers,
            } : null,
            closed_form = new { latency_s = e.ClosedForm.LatencyNs * 1e-9, makespan_s = e.ClosedForm.MakespanNs * 1e-9, initiation_interval_s = e.ClosedForm.InitiationIntervalNs * 1e-9 },
            energy_per_inference_j = e.EnergyPerInferenceJ,
            energy = e.Energy.Select(c => new { name = c.Name, energy_j = c.EnergyJ }),
            area = e.Peak.Components.Select(c => new { name = c.Name, area_mm2 = c.AreaMm2 }),
            digital_baseline_energy_j = e.Baseline.EnergyJ,
            digital_baseline_ratio = e.BaselineRatio,
            shares = new
            {
                energy = Shares(e.EnergyShares),
                time = Shares(e.TimeShares),
                digital_baseline_energy = Shares(e.BaselineEnergyShares),
                digital_baseline_time = e.BaselineTimeShares is { } bt ? Shares(bt) : null,
            },
            digital_baseline = new
            {
                precision = e.Baseline.Precision.ToString().ToLowerInvariant(),
                weight_store = e.Baseline.WeightStore,
                compute_j = e.Baseline.ComputeJ,
                weight_movement_j = e.Baseline.WeightMovementJ,
                weight_movement_fraction = e.Baseline.WeightMovementFraction,
                activation_movement_j = e.Baseline.ActivationMovementJ,
                activation_movement_fraction = e.Baseline.ActivationMovementFraction,
                partial_sum_j = e.Baseline.PartialSumJ,
                partial_sum_fraction = e.Baseline.PartialSumFraction,
                reduction_rows = e.Baseline.ReductionRows,
                process_node_nm = e.Baseline.Technology.NodeNm,
                supply_v = e.Baseline.Technology.SupplyV,
                energy_scale_from_45nm = e.Baseline.EnergyScale,
            },
            analog_front_end = new
            {
                used_cells_j = e.AnalogFrontEnd.UsedCellsJ,
                whole_tiles_j = e.AnalogFrontEnd.WholeTilesJ,
                used_fraction = e.AnalogFrontEnd.UsedFraction,
                adc_gates_unused_columns = e.System.Spec.Core.Adc.GatesUnusedColumns,
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
                tiles_available = u.TilesAvailable * e.Chips,
                tiles_needed = sys.TilesNeeded,
                tiles_used = sys.TilesUsed,
                tile_fraction = (double)sys.TilesUsed / (u.TilesAvailable * e.Chips),
                cell_fraction = CellFraction(sys),
                cores_used = sys.Chips.Sum(c => c.Utilisation.CoresUsed),
                hop_bits_per_inference = sys.Chips.Sum(c => c.HopBitsPerImage),
            },
            layers = sys.Chips.SelectMany((chip, index) => chip.Layers.Select(l => (Layer: l, Chip: index))).Select(x => (x.Chip, l: x.Layer)).Select(x => new
            {
                chip = x.Chip,
                name = x.l.Shape.Description,
                inputs = x.l.Shape.Inputs,
                outputs = x.l.Shape.Outputs,
                groups = x.l.Shape.Groups,
                mvms_per_inference = x.l.Shape.MvmsPerImage,
                row_blocks = x.l.RowBlocks,
                column_blocks = x.l.ColumnBlocks,
                tiles_per_copy = x.l.TilesPerCopy,
                replicas = x.l.Replicas,
                mvms_per_tile = x.l.MvmsPerTilePerImage,
                cores = x.l.Cores.Select(c => c.Core),
            }),
            cores_busy = e.Timing.Cores.Where(c => c.TileBusyFraction > 0 || c.DigitalBusyFraction > 0)
                .Select(c => new { chip = c.Chip, core = c.Core, tiles = c.TileBusyFraction, digital = c.DigitalBusyFraction }),
        };
    }

    private static double CellFraction(SystemMapping system)
    {
        long capacity = system.Chips.Sum(c => c.Utilisation.WeightCapacity);
        return capacity == 0 ? 0 : (double)system.Chips.Sum(c => c.Utilisation.WeightCells) / capacity;
    }

    private int Run(ParseResult parse)
    {
        string? model = parse.GetValue(_model), hw = parse.GetValue(_hw), chip = parse.GetValue(_chip);
        if (chip is null ? model is null || hw is null : model is not null || hw is not null)
        {
            throw new MemfluxException("estimate needs either --model and --hw, or --chip (a chip image, which holds both).");
        }

        var chips = CommonOptions.ParseChips(parse.GetValue(_chips));
        string? report = ReportOutput.Prepare(parse.GetValue(_report));
        var timing = new SimulationOptions(PerImage: parse.GetValue(_perImage), RecordTrace: report is not null);
        var estimate = chip is null
            ? CostEstimation.Estimate(_context, model!, ChipPresets.Resolve(hw!), parse.GetValue(_batch), _shapes.ToImportOptions(parse, PassPipeline.Default), chips, timing) // a bad chip fails before the model loads
            : CostEstimation.EstimateImage(_context, chip, parse.GetValue(_batch), chips, timing);
        if (report is not null)
        {
            string path = chip ?? BundledModels.ResolveModelPath(model!);
            string name = chip is null ? model! : $"{estimate.System.Network.Name} (from chip image {chip})";
            ReportOutput.Write(_context, RunReport.Estimate(parse, estimate, name, File.Exists(path) ? path : null, hw ?? estimate.Mapping.Spec.Name), report);
        }

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
        var sys = e.System;
        var u = m.Utilisation;
        bool many = e.Chips > 1;
        console.WriteLine(F($"{sys.Network.Name} on {m.Spec.Name}, batch {e.Timing.Batch}: {Format.Count(sys.Network.WeightCount)} weights, {Format.Count(sys.Network.MacsPerImage)} MACs per inference"));
        if (many)
        {
            long perChip = m.Model.TotalTiles;
            console.WriteLine(F($"System: {e.Chips} chips ({sys.Topology.Kind}), {sys.TilesNeeded} tiles needed, {sys.TilesUsed} used with replication, of {perChip * e.Chips} ({Format.Percent((double)sys.TilesUsed / (perChip * e.Chips))}); tiles used per chip (of {perChip}): {string.Join(", ", sys.Chips.Select(c => c.Utilisation.TilesUsed))}"));
            double linkJ = e.Energy.First(c => c.Name == EnergyBreakdown.ChipLinks).EnergyJ;
            console.WriteLine(F($"Chip links: {Format.Count((long)Math.Round(sys.LinkBitsPerImage / 8))} bytes per inference between chips ({Format.Count((long)Math.Round(sys.LinkHopBitsPerImage / 8))} byte-hops, {sys.Flows.Count} flows, {sys.Flows.Count(f => f.Kind == ChipLinkFlowKind.PartialSums)} of partial sums), {Format.Sci(linkJ)} J per inference"));
        }
        else
        {
            console.WriteLine(F($"Tiles: {u.TilesNeeded} needed, {u.TilesUsed} used with replication, of {u.TilesAvailable} ({Format.Percent(u.TileFraction)}); cells holding weights {Format.Percent(u.CellFraction)}; {u.CoresUsed} core(s)"));
        }

        if (e.Host is { } host)
        {
            console.WriteLine(F($"Host (digital work of the graph's digital nodes): {Format.Count((long)Math.Round(host.OpsPerInference))} ops, {Format.Count((long)Math.Round(host.BitsToHost / 8))} bytes to the host and {Format.Count((long)Math.Round(host.BitsFromHost / 8))} back per inference, {Format.Sci(host.OpsEnergyJ)} J on the host, {Format.Sci(host.LinkEnergyJ)} J on its link"));
        }

        var layers = new Table().Border(TableBorder.Simple);
        foreach (string c in (many ? ["chip"] : Array.Empty<string>()).Concat(["layer", "k x n (x groups)", "tiles/copy", "replicas", "MVMs/inf", "MVMs/tile", "cores"]))
        {
            layers.AddColumn(c == "layer" ? new TableColumn(c) : new TableColumn(c).RightAligned());
        }

        for (int chip = 0; chip < e.Chips; chip++)
        {
            foreach (var l in sys.Chips[chip].Layers)
            {
                string shape = F($"{l.Shape.Inputs}x{l.Shape.Outputs}") + (l.Shape.Groups > 1 ? F($" x{l.Shape.Groups}") : "");
                string[] row = [Markup.Escape(l.Shape.Description), shape, F($"{l.TilesPerCopy}"), F($"{l.Replicas}"), Format.Count(l.Shape.MvmsPerImage), Format.Count(l.MvmsPerTilePerImage), F($"{l.Cores.Count}")];
                layers.AddRow(many ? [F($"{chip}"), .. row] : row);
            }
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
            area = c.Name switch
            {
                EnergyBreakdown.ChipLinks => e.AreaMm2 - (e.Chips * e.Peak.AreaMm2) - e.HostLinkAreaMm2,
                EnergyBreakdown.HostLink => e.HostLinkAreaMm2,
                EnergyBreakdown.HostOps => 0,
                _ => area * e.Chips,
            };
            table.AddRow(c.Name, Format.Sci(c.EnergyJ), Format.Percent(c.EnergyJ / total), Format.Fixed(area, 4));
        }

        table.AddRow("total", Format.Sci(total), "100%", Format.Fixed(e.AreaMm2, 4));
        console.Write(table);
        string perToken = e.Timing.TokensPerImage > 0 ? F($", {Format.Sci(e.Timing.InitiationIntervalPerTokenNs * 1e-9)} s per token of {e.Timing.TokensPerImage}") : "";
        console.WriteLine(F($"Latency {Format.Sci(e.Timing.LatencyNs * 1e-9)} s ({(e.Timing.PerImage ? "per image" : "pipelined by row groups")}); throughput {Format.Sci(e.Timing.ThroughputIps)} inf/s (interval {Format.Sci(e.Timing.InitiationIntervalNs * 1e-9)} s{perToken}); bottleneck: {e.Timing.Bottleneck}"));
        console.WriteLine(F($"Closed form: latency {Format.Sci(e.ClosedForm.LatencyNs * 1e-9)} s, interval {Format.Sci(e.ClosedForm.InitiationIntervalNs * 1e-9)} s"));
        if (e.BaselineTiming is { } bt && e.BaselineTimeShares is { } bts)
        {
            console.WriteLine(F($"Digital baseline time (TPU v1 array, weights from DDR3): {Format.Sci(bt.TimePerImageNs * 1e-9)} s per inference at batch {bt.Batch}, {Format.Sci(bt.ThroughputIps)} inf/s; {bt.ComputeBoundLayers} layer(s) compute-bound, {bt.WeightBoundLayers} weight-fetch-bound; busy time {Format.Percent(bts.Digital)} MACs / {Format.Percent(bts.OnChipMovement)} weight fetch"));
        }
        console.WriteLine(F($"Energy {Format.Sci(total)} J/inference, power {Format.Fixed(e.PowerW, 4)} W, {Format.Fixed(e.Tops, 4)} TOPS achieved of {Format.Fixed(e.PeakTops, 2)} peak, {Format.Fixed(e.TopsPerWatt, 3)} TOPS/W, {Format.Fixed(e.TopsPerMm2, 5)} TOPS/mm², area {Format.Fixed(e.AreaMm2, 3)} mm²"));
        console.WriteLine(F($"Programming: {Format.Count(e.Programming.Devices)} devices x {e.Programming.IterationsPerDevice:0.##} iterations = {Format.Sci(e.Programming.EnergyJ)} J, {Format.Sci(e.Programming.TimeS)} s"));
        var (es, ts, bs) = (e.EnergyShares, e.TimeShares, e.BaselineEnergyShares);
        console.WriteLine(F($"Shares (analog / digital / on-chip movement / chip-to-chip / static): energy {Format.Percent(es.Analog)} / {Format.Percent(es.Digital)} / {Format.Percent(es.OnChipMovement)} / {Format.Percent(es.ChipToChip)} / {Format.Percent(es.Static)}; busy time {Format.Percent(ts.Analog)} / {Format.Percent(ts.Digital)} / {Format.Percent(ts.OnChipMovement)} / {Format.Percent(ts.ChipToChip)}; digital baseline energy 0% / {Format.Percent(bs.Digital)} / {Format.Percent(bs.OnChipMovement)} (weight, activation and partial-sum traffic) / 0%"));
        console.WriteLine(F($"Analog front end (DAC + array + ADC, inputs at full scale): {Format.Sci(e.AnalogFrontEnd.UsedCellsJ)} J/inference for the rows driven and columns converted (ADCs of unused columns {(e.System.Spec.Core.Adc.GatesUnusedColumns ? "gated" : "not gated")}), {Format.Sci(e.AnalogFrontEnd.WholeTilesJ)} J if every tile used ran whole ({Format.Percent(e.AnalogFrontEnd.UsedFraction)})"));
        console.WriteLine(F($"Digital baseline ({e.Baseline.Precision.ToString().ToLowerInvariant()}, {Format.Fixed(e.Baseline.Technology.NodeNm, 0)} nm at {Format.Fixed(e.Baseline.Technology.SupplyV, 2)} V: {Format.Fixed(e.Baseline.EnergyScale, 3)}x Horowitz's 45 nm energies on chip; weights from {e.Baseline.WeightStore}): {Format.Sci(e.Baseline.EnergyJ)} J/inference, {Format.Percent(e.Baseline.WeightMovementFraction)} weight movement, {Format.Percent(e.Baseline.ActivationMovementFraction)} activation movement, {Format.Percent(e.Baseline.PartialSumFraction)} partial sums; {Format.Fixed(e.BaselineRatio, 2)}x the analog energy"));
    }

    private static object Shares(CostShares s) =>
        new { analog = s.Analog, digital = s.Digital, on_chip_movement = s.OnChipMovement, chip_to_chip = s.ChipToChip, @static = s.Static };
}
