using System.Globalization;
using Memflux.Chip;
using Memflux.Chip.Analog;
using Memflux.Cli.Infrastructure;
using Memflux.Experiments;
using Memflux.Numerics;
using Spectre.Console;

namespace Memflux.Cli.Commands;

/// <summary>The text tables and the <c>--json</c> shape of <c>memflux eval</c>'s report (also part of <c>memflux run</c>'s).</summary>
internal static class EvalReportWriter
{
    /// <summary>The JSON shape of the report; non-finite values (an SNR of +∞) are written as "Infinity", an interval that cannot be estimated as null.</summary>
    public static object ToJson(AnalogEvalReport r)
    {
        var f = r.Fidelity;
        return new
        {
            model = r.Model,
            dataset = r.FromDataset ? r.Source : null,
            inputs = r.FromDataset ? null : r.Source,
            samples = r.Samples,
            runs = f.Feeds,
            preset = r.Preset,
            drift_compensation = r.DriftCompensation,
            tile_rows = r.TileRows,
            tile_columns = r.TileColumns,
            chips = r.Chips,
            seed = r.Seed,
            analog_layers = f.AnalogLayers.Count,
            analog_weights = r.AnalogWeights,
            digital_nodes = f.DigitalNodes.Count,
            reference = r.ReferenceName,
            reference_accuracy = r.ReferenceAccuracy,
            reference_top5_accuracy = f.ReferenceTop5Accuracy,
            labelled_output = f.LabelledOutput,
            outputs = f.Outputs.Select(o => new { name = o.Name, type = o.Type.OnnxName(), shape = o.Shape.Dimensions.ToArray(), classes = o.Classes }),
            results = f.Times.Select(t => new
            {
                time_s = t.TimeSeconds,
                accuracy_mean = t.Top1Accuracy?.Mean,
                accuracy_ci95 = Ci(t.Top1Accuracy),
                accuracy_per_chip = t.Top1Accuracy?.PerChip,
                top5_accuracy_mean = t.Top5Accuracy?.Mean,
                top5_accuracy_ci95 = Ci(t.Top5Accuracy),
                fidelity = t.Outputs.Select(o => new
                {
                    output = o.Output,
                    top1_agreement = Metric(o.Top1Agreement),
                    nrmse = Metric(o.NormalizedRmsError),
                    cosine = Metric(o.CosineSimilarity),
                    snr_db = Metric(o.SnrDecibels),
                }),
            }),
            layers = f.AnalogLayers.Select(l => new { layer = l.Key, op_type = l.OpType, inputs = l.Inputs, outputs = l.Outputs, weights = l.Weights }),
            digital = f.DigitalNodes.Select(d => new { node = d.Description, op_type = d.OpType, reason = d.Reason }),
            notes = r.Notes,
            attribution = r.Attribution is not { } a ? null : new
            {
                time_s = a.TimeSeconds,
                metric = FidelityAttribution.Label(a.Metric),
                output = a.Output,
                reference_value = a.ReferenceValue,
                layer_error_samples = a.LayerErrorSamples,
                layers = a.Layers.Select(l => new { layer = l.Layer, op_type = l.OpType, propagated_relative_rms = l.PropagatedRelativeRms, isolated_relative_rms = l.IsolatedRelativeRms }),
                non_idealities = a.NonIdealities.Select(c => new { name = c.Name, in_preset = c.InPreset, mean = c.Value?.Mean, ci95 = Ci(c.Value), cost = c.Cost }),
            },
            energy = r.Energy is not { } e ? null : new
            {
                energy_per_inference_j = e.EnergyPerInferenceJ,
                analog_front_end_j = e.AnalogFrontEndJ,
                worst_case_energy_per_inference_j = e.WorstCaseEnergyPerInferenceJ,
                worst_case_analog_front_end_j = e.WorstCaseAnalogFrontEndJ,
                layers_at_full_scale = e.LayersAtFullScale,
            },
            seconds = r.Seconds,
        };
    }

    /// <summary>Writes the report as text.</summary>
    public static void WriteTable(IAnsiConsole console, AnalogEvalReport r)
    {
        var f = r.Fidelity;
        string what = r.FromDataset ? $"{r.Samples} test images" : $"{r.Samples} samples in {f.Feeds} run(s)";
        console.WriteLine(Invariant($"{r.Model} on {r.Source} ({what}), preset {r.Preset} ({r.TileRows}x{r.TileColumns} tiles, drift compensation {r.DriftCompensation}), {r.Chips} chip(s) from seed {r.Seed}"));
        console.WriteLine(Invariant($"analog: {f.AnalogLayers.Count} layers, {Format.Count(r.AnalogWeights)} weights; digital: {f.DigitalNodes.Count} nodes"));
        if (f.LabelledOutput is not null)
        {
            WriteAccuracy(console, r);
        }

        WriteFidelity(console, r);
        WriteLayout(console, f);
        if (r.Attribution is { } a)
        {
            WriteAttribution(console, a);
        }

        if (r.Energy is { } e)
        {
            console.WriteLine(Invariant($"energy per inference from the evaluated activations: {Format.Sci(e.EnergyPerInferenceJ)} J (DAC + array + ADC {Format.Sci(e.AnalogFrontEndJ)} J); with every input at full scale: {Format.Sci(e.WorstCaseEnergyPerInferenceJ)} J ({Format.Sci(e.WorstCaseAnalogFrontEndJ)} J)"));
            if (e.LayersAtFullScale.Count > 0)
            {
                console.WriteLine(Invariant($"note: no input activity for {string.Join(", ", e.LayersAtFullScale)} (a DAC without resolution counts none); charged at full scale"));
            }
        }

        console.WriteLine(Invariant($"time: {r.Seconds:F1} s"));
    }

    private static void WriteAccuracy(IAnsiConsole console, AnalogEvalReport r)
    {
        var f = r.Fidelity;
        console.WriteLine(Invariant($"accuracy on the labels ('{f.LabelledOutput}'), mean ± 95% CI over chips"));
        var table = new Table().AddColumn("time").AddColumn(new TableColumn("accuracy").RightAligned()).AddColumn(new TableColumn("± 95% CI").RightAligned())
            .AddColumn(new TableColumn("vs reference").RightAligned()).AddColumn(new TableColumn("top-5").RightAligned()).AddColumn(new TableColumn("± 95% CI").RightAligned());
        table.AddRow(Markup.Escape($"reference ({r.ReferenceName})"), Format.Percent(r.ReferenceAccuracy!.Value), "", "", f.ReferenceTop5Accuracy is double referenceTop5 ? Format.Percent(referenceTop5) : "", "");
        foreach (var t in f.Times)
        {
            var top1 = t.Top1Accuracy!;
            var top5 = t.Top5Accuracy!;
            table.AddRow(
                ChipTime.Format(t.TimeSeconds), Format.Percent(top1.Mean), Points(top1), Format.Fixed((top1.Mean - r.ReferenceAccuracy.Value) * 100, 2) + " pt",
                Format.Percent(top5.Mean), Points(top5));
        }

        console.Write(table);
    }

    private static void WriteFidelity(IAnsiConsole console, AnalogEvalReport r)
    {
        console.WriteLine($"fidelity to the digital reference ({AnalogEvaluation.MemfluxReference}, same inputs), mean ± 95% CI over chips; cosine per sample, averaged");
        var table = new Table().AddColumn("time").AddColumn("output").AddColumn(new TableColumn("top-1 agreement").RightAligned()).AddColumn(new TableColumn("NRMSE").RightAligned())
            .AddColumn(new TableColumn("cosine").RightAligned()).AddColumn(new TableColumn("SNR (dB)").RightAligned());
        foreach (var t in r.Fidelity.Times)
        {
            foreach (var o in t.Outputs)
            {
                table.AddRow(
                    ChipTime.Format(t.TimeSeconds), Markup.Escape(o.Output),
                    o.Top1Agreement is { } agreement ? $"{Format.Percent(agreement.Mean)} {Points(agreement, "± ", " pt")}" : "-",
                    WithCi(o.NormalizedRmsError, 4), WithCi(o.CosineSimilarity, 5), WithCi(o.SnrDecibels, 2));
            }
        }

        console.Write(table);
    }

    private static void WriteLayout(IAnsiConsole console, FidelityEvaluation f)
    {
        if (f.AnalogLayers.Count == 0)
        {
            console.WriteLine("on crossbars: nothing (no Conv/Gemm/MatMul with a constant weight); every node runs digitally, as in the reference");
        }
        else
        {
            console.WriteLine("on crossbars");
            var layers = new Table().AddColumn("layer").AddColumn("op").AddColumn(new TableColumn("inputs x outputs").RightAligned()).AddColumn(new TableColumn("weights").RightAligned());
            foreach (var l in f.AnalogLayers)
            {
                layers.AddRow(Markup.Escape(l.Key), l.OpType, Invariant($"{l.Inputs} x {l.Outputs}"), Format.Count(l.Weights));
            }

            console.Write(layers);
        }

        console.WriteLine("digital (not on crossbars), by reason");
        var digital = new Table().AddColumn("op").AddColumn(new TableColumn("nodes").RightAligned()).AddColumn("reason");
        foreach (var group in f.DigitalNodes.GroupBy(d => (d.OpType, d.Reason)).OrderBy(g => g.Key.Reason == "not a matrix operation").ThenBy(g => g.Key.OpType, StringComparer.Ordinal))
        {
            digital.AddRow(group.Key.OpType, Format.Count(group.Count()), Markup.Escape(group.Key.Reason));
        }

        console.Write(digital);
    }

    private static void WriteAttribution(IAnsiConsole console, FidelityAttributionResult a)
    {
        console.WriteLine(Invariant($"error attribution at {ChipTime.Format(a.TimeSeconds)}: per-layer output error (relative RMS vs reference, first run: {a.LayerErrorSamples} sample(s))"));
        var layers = new Table().AddColumn("layer").AddColumn("op").AddColumn(new TableColumn("propagated").RightAligned()).AddColumn(new TableColumn("this layer alone").RightAligned());
        foreach (var l in a.Layers)
        {
            layers.AddRow(Markup.Escape(l.Layer), l.OpType, Format.Fixed(l.PropagatedRelativeRms * 100, 2) + "%", Format.Fixed(l.IsolatedRelativeRms * 100, 2) + "%");
        }

        console.Write(layers);
        bool accuracy = a.Metric == AttributedMetric.Top1Accuracy;
        string reference = accuracy ? $"reference {Format.Percent(a.ReferenceValue)}" : "the reference's is 0";
        console.WriteLine($"{FidelityAttribution.Label(a.Metric)} of '{a.Output}' with one non-ideality alone ({reference})");
        var costs = new Table().AddColumn("non-ideality").AddColumn(new TableColumn(accuracy ? "accuracy" : "NRMSE").RightAligned()).AddColumn(new TableColumn("± 95% CI").RightAligned()).AddColumn(new TableColumn("cost").RightAligned());
        foreach (var c in a.NonIdealities)
        {
            if (c.Value is not { } v)
            {
                costs.AddRow(c.Name, "not in preset", "", "");
            }
            else if (accuracy)
            {
                costs.AddRow(c.Name, Format.Percent(v.Mean), Points(v), Format.Fixed(c.Cost!.Value * 100, 2) + " pt");
            }
            else
            {
                costs.AddRow(c.Name, Number(v.Mean, 4), double.IsNaN(v.Ci95) ? "" : Number(v.Ci95, 4), Number(c.Cost!.Value, 4));
            }
        }

        console.Write(costs);
    }

    private static double? Ci(MetricSummary? m) => m is null || double.IsNaN(m.Ci95) ? null : m.Ci95;

    private static object? Metric(MetricSummary? m) => m is null ? null : new { mean = m.Mean, ci95 = Ci(m), per_chip = m.PerChip };

    /// <summary>A fraction's interval in percentage points ("n/a (1 chip)" when there is none).</summary>
    private static string Points(MetricSummary m, string prefix = "", string suffix = " pt") =>
        double.IsNaN(m.Ci95) ? (m.PerChip.Count == 1 ? "n/a (1 chip)" : "n/a") : $"{prefix}{Format.Fixed(m.Ci95 * 100, 2)}{suffix}";

    private static string WithCi(MetricSummary m, int digits) =>
        double.IsNaN(m.Ci95) ? Number(m.Mean, digits) : $"{Number(m.Mean, digits)} ± {Number(m.Ci95, digits)}";

    private static string Number(double x, int digits) => double.IsPositiveInfinity(x) ? "inf" : double.IsNegativeInfinity(x) ? "-inf" : Format.Fixed(x, digits);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
