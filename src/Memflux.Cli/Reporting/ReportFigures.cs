using Memflux.Chip.Analog;
using Memflux.Cost;
using Memflux.Experiments;
using Memflux.Report;

namespace Memflux.Cli.Reporting;

/// <summary>The adapter from the verbs' results (eval, estimate, compile) to the report's figures.</summary>
internal static class ReportFigures
{
    /// <summary>Accuracy over time when labelled, else the first output's normalized RMS error; both compensation settings when measured.</summary>
    public static AccuracyFigure Accuracy(AnalogEvalReport eval)
    {
        bool labelled = eval.Fidelity.Times[0].Top1Accuracy is not null;
        string metric = labelled ? "top-1 accuracy" : $"normalized RMS error of output '{eval.Fidelity.Outputs[0].Name}'";
        var series = new List<MetricSeries> { Series($"drift compensation {eval.DriftCompensation}", eval.Fidelity, labelled) };
        if (eval.ForReport?.OtherCompensation is { } other)
        {
            series.Add(Series($"drift compensation {(eval.ForReport.OtherCompensationOn ? "global" : "none")}", other, labelled));
        }

        return new AccuracyFigure(
            metric, [.. eval.Fidelity.Times.Select(t => t.TimeSeconds)], series, labelled ? eval.ReferenceAccuracy : 0,
            labelled ? $"digital reference ({eval.ReferenceName})" : "digital reference (error 0)", eval.Chips, eval.Samples);
    }

    /// <summary>The per-layer errors the evaluation measured for the report.</summary>
    public static LayerErrorFigure LayerErrors(ReportMeasurements m) =>
        new(m.LayerErrorTime, m.LayerErrorSamples, [.. m.LayerErrors.Select(l => new LayerErrorBar(l.Layer, l.PropagatedRelativeRms, l.IsolatedRelativeRms))]);

    /// <summary>One tile's programming error and drift exponents.</summary>
    public static DeviceFigure Devices(string tile, Tiles.ProgrammingError devices) =>
        new(tile, devices.ErrorMicroSiemens.Length, Histogram.Of(devices.ErrorMicroSiemens, 40, "conductance error"), Histogram.Of(devices.DriftExponent, 40, "drift exponent"));

    /// <summary>Energy by component beside the digital baseline, and area by component.</summary>
    public static CostFigure Cost(CostEstimate e) => new(
        [.. e.Energy.Select(c => new CostComponent(c.Name, c.EnergyJ))],
        [
            new CostComponent("baseline compute", e.Baseline.ComputeJ),
            new CostComponent("baseline weight movement", e.Baseline.WeightMovementJ),
            new CostComponent("baseline activation movement", e.Baseline.ActivationMovementJ),
            new CostComponent("baseline partial sums", e.Baseline.PartialSumJ),
        ],
        FormattableString.Invariant($"digital {e.Baseline.Precision.ToString().ToLowerInvariant()} baseline at {e.Baseline.Technology.NodeNm:0} nm ({e.Baseline.WeightStore})"),
        [.. e.Peak.Components.Select(c => new CostComponent(c.Name, c.AreaMm2))],
        e.BaselineRatio);

    /// <summary>Each chip's cores: tiles used, utilisation and layers; the chip-link traffic summed per chip pair.</summary>
    public static FloorplanFigure Floorplan(Chip.Compiler.SystemMapping system)
    {
        var spec = system.Spec;
        int tilesPerCore = spec.Core.Tiles.Count;
        var names = new List<string>();
        var chips = new List<FloorplanChip>();
        for (int c = 0; c < system.Chips.Count; c++)
        {
            var mapping = system.Chips[c];
            var tiles = new int[spec.Cores.Count];
            var layers = Enumerable.Range(0, spec.Cores.Count).Select(_ => new SortedSet<int>()).ToArray();
            foreach (var layer in mapping.Layers)
            {
                int index = names.Count;
                names.Add(system.ChipCount > 1 ? $"{layer.Shape.Description} (chip {c})" : layer.Shape.Description);
                foreach (var share in layer.Cores)
                {
                    tiles[share.Core] += share.Tiles;
                    layers[share.Core].Add(index);
                }
            }

            chips.Add(new FloorplanChip(c, [.. tiles.Select((t, core) => new CoreUse(core, t, (double)t / tilesPerCore, [.. layers[core]]))]));
        }

        var links = system.Flows.GroupBy(f => (f.FromChip, f.ToChip)).OrderBy(g => g.Key)
            .Select(g => new ChipLinkTraffic(g.Key.FromChip, g.Key.ToChip, g.Sum(f => f.BitsPerImage))).ToList();
        return new FloorplanFigure(spec.Cores.MeshRows, spec.Cores.MeshCols, tilesPerCore, names, chips, links);
    }

    /// <summary>The most resources the timeline draws (the busiest, in simulation order; the bottleneck always).</summary>
    public const int TimelineRows = 40;

    /// <summary>The pipeline timeline from the simulation's busy-interval trace (null when it was not recorded).</summary>
    public static TimelineFigure? Timeline(CostEstimate e)
    {
        if (e.Timing.Trace is not { } trace)
        {
            return null;
        }

        var busy = Enumerable.Range(0, trace.Resources.Count).Where(r => trace.Resources[r].BusyNs > 0).ToList();
        var shown = busy.OrderByDescending(r => r == trace.Bottleneck).ThenByDescending(r => trace.Resources[r].BusyNs).Take(TimelineRows).Order().ToList();
        var row = shown.Select((r, i) => (r, i)).ToDictionary(x => x.r, x => x.i);
        var intervals = trace.Intervals.Where(i => row.ContainsKey(i.Resource)).Select(i => new Report.BusyInterval(row[i.Resource], i.StartNs, i.EndNs)).ToList();
        return new TimelineFigure(
            [.. shown.Select(r => trace.Resources[r].Name)], intervals, trace.Resources[trace.Bottleneck].Name, e.Timing.MakespanNs, e.Timing.Batch, busy.Count - shown.Count);
    }

    private static MetricSeries Series(string name, FidelityEvaluation fidelity, bool labelled)
    {
        var values = fidelity.Times.Select(t => labelled ? t.Top1Accuracy! : t.Outputs[0].NormalizedRmsError).ToList();
        return new MetricSeries(name, [.. values.Select(v => v.Mean)], [.. values.Select(v => double.IsFinite(v.Ci95) ? v.Ci95 : (double?)null)]);
    }
}
