using Memflux.Chip.Analog;
using Memflux.Tiles;

namespace Memflux.Experiments;

/// <summary>
/// What a report shows beyond eval's own results: the curve with drift compensation switched the other way (same seeds,
/// so the same programmed devices), per-layer output error at the last time, and one tile's programming error and
/// drift exponents.
/// </summary>
/// <param name="OtherCompensation">The evaluation with drift compensation the other way; null for a chip image (its preset is stored).</param>
/// <param name="OtherCompensationOn">Whether that evaluation had compensation on.</param>
/// <param name="LayerErrorTime">Time after programming of the layer errors.</param>
/// <param name="LayerErrorSamples">Samples of the first run, which the layer errors are measured on.</param>
/// <param name="LayerErrors">Per analog layer, in graph order.</param>
/// <param name="Tile">The tile the device statistics come from, named.</param>
/// <param name="Devices">Its first slice's programming error and drift exponents.</param>
public sealed record ReportMeasurements(
    FidelityEvaluation? OtherCompensation,
    bool OtherCompensationOn,
    double LayerErrorTime,
    int LayerErrorSamples,
    IReadOnlyList<LayerError> LayerErrors,
    string Tile,
    ProgrammingError Devices)
{
    /// <summary>
    /// Measures them: <paramref name="createChip"/> makes the first chip (seed as the evaluation's), whose layer errors at
    /// the last time and first tile are taken; <paramref name="other"/> evaluates the other compensation when given.
    /// </summary>
    internal static ReportMeasurements Measure(
        IExperimentHost context, FidelityEvaluator evaluator, Func<AnalogChip> createChip, IReadOnlyList<double> times,
        FidelityAttributionResult? attribution, Func<FidelityEvaluation>? other, bool otherOn)
    {
        var evaluation = other is null ? null : context.Step($"Drift compensation {(otherOn ? "on" : "off")}, for the report", _ => other());
        var chip = createChip();
        if (evaluator.MaxDegreeOfParallelism is int threads)
        {
            chip.MaxDegreeOfParallelism = threads;
        }

        var layer = chip.Layers.OrderByDescending(l => l.WeightCount).First();
        var devices = ProgrammingError.OfTile(layer.Matrices[0], layer.WeightMatrix(0).Span, 0);
        string tile = $"tile 0 of layer {layer.Description} (the largest), {layer.Matrices[0].Tiles[0].Rows}×{layer.Matrices[0].Tiles[0].Columns} weights, chip seed {chip.Seed}";
        IReadOnlyList<LayerError> layers;
        int samples;
        if (attribution is not null)
        {
            (layers, samples) = (attribution.Layers, attribution.LayerErrorSamples);
        }
        else
        {
            chip.AdvanceTo(times[^1]);
            layers = context.Step("Per-layer error, for the report", _ => evaluator.LayerErrorsOnFirstFeed(chip));
            var feed = evaluator.Samples.Feeds[0];
            samples = evaluator.Graph.Inputs.Count > 0 && feed.TryGetValue(evaluator.Graph.Inputs[0].Name, out var x) && x.Shape.Rank > 0 ? x.Shape[0] : 1;
        }

        return new ReportMeasurements(evaluation, otherOn, times[^1], samples, layers, tile, devices);
    }
}
