using Memflux.Numerics;

namespace Memflux.Chip.Analog;

/// <summary>What error attribution measures: accuracy when there are labels, otherwise how far the output is from the reference.</summary>
public enum AttributedMetric
{
    /// <summary>Top-1 accuracy of the labelled output; a non-ideality's cost is the reference's accuracy minus it.</summary>
    Top1Accuracy,

    /// <summary>Normalized RMS error of the first graph output; a non-ideality's cost is the error itself (the reference's is 0).</summary>
    NormalizedRmsError,
}

/// <summary>The attributed metric with one non-ideality of the preset switched on alone.</summary>
/// <param name="Kind">The non-ideality.</param>
/// <param name="Name">Its name in reports (<see cref="NonIdealityIsolation.Label"/>).</param>
/// <param name="InPreset">Whether the preset has it; when not, <paramref name="Value"/> and <paramref name="Cost"/> are null.</param>
/// <param name="Value">The metric over the chips with only this non-ideality on.</param>
/// <param name="Cost">How much worse than the digital reference that is (accuracy lost, or error added).</param>
public sealed record NonIdealityEffect(NonIdeality Kind, string Name, bool InPreset, MetricSummary? Value, double? Cost);

/// <summary>Where the error of a chip comes from, at one time.</summary>
/// <param name="TimeSeconds">The time attributed.</param>
/// <param name="Metric">The metric attributed.</param>
/// <param name="Output">The output it is measured on.</param>
/// <param name="ReferenceValue">The digital reference's value of the metric (its accuracy, or 0 error).</param>
/// <param name="LayerErrorSamples">Samples in the feed the per-layer errors are measured on.</param>
/// <param name="Layers">Per-layer output error on the first feed (chip of the first seed).</param>
/// <param name="NonIdealities">The metric with each non-ideality alone, in <see cref="NonIdeality"/> order.</param>
public sealed record FidelityAttributionResult(
    double TimeSeconds,
    AttributedMetric Metric,
    string Output,
    double ReferenceValue,
    int LayerErrorSamples,
    IReadOnlyList<LayerError> Layers,
    IReadOnlyList<NonIdealityEffect> NonIdealities);

/// <summary>
/// Error attribution for any model: each analog layer's output error against the reference on the first feed, and the
/// attributed metric over every feed and chip with only one non-ideality of the preset on (<see cref="NonIdealityIsolation"/>).
/// With labels the metric is top-1 accuracy; without, the normalized RMS error of the first graph output.
/// </summary>
public static class FidelityAttribution
{
    /// <summary>Attributes the error of chips of <paramref name="preset"/> (seeds <paramref name="seed"/>, …) at <paramref name="timeSeconds"/>.</summary>
    public static FidelityAttributionResult Attribute(FidelityEvaluator evaluator, AnalogPreset preset, double timeSeconds, int chips, ulong seed, Action<string>? status = null)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(preset);
        status?.Invoke("per-layer output error");
        var chip = AnalogChip.Create(evaluator.Graph, preset, seed);
        if (evaluator.MaxDegreeOfParallelism is int threads)
        {
            chip.MaxDegreeOfParallelism = threads;
        }

        chip.AdvanceTo(timeSeconds);
        var layers = evaluator.LayerErrorsOnFirstFeed(chip);
        var firstFeed = evaluator.Samples.Feeds[0];
        var firstInput = evaluator.Graph.Inputs.Count > 0 && firstFeed.TryGetValue(evaluator.Graph.Inputs[0].Name, out var x) ? x : null;
        int layerSamples = firstInput is { Shape.Rank: > 0 } ? firstInput.Shape[0] : 1;
        bool labelled = evaluator.ReferenceTop1Accuracy is not null;
        var metric = labelled ? AttributedMetric.Top1Accuracy : AttributedMetric.NormalizedRmsError;
        string output = labelled ? evaluator.LabelledOutput! : evaluator.Graph.Outputs[0].Name;
        double reference = labelled ? evaluator.ReferenceTop1Accuracy!.Value : 0;
        var effects = new List<NonIdealityEffect>();
        foreach (var kind in Enum.GetValues<NonIdeality>())
        {
            string name = NonIdealityIsolation.Label(kind);
            if (NonIdealityIsolation.Only(preset, kind) is not { } variant)
            {
                effects.Add(new NonIdealityEffect(kind, name, false, null, null));
                continue;
            }

            status?.Invoke($"{(labelled ? "accuracy" : "error")} with only {name}");
            var result = evaluator.Evaluate(variant, seed, [timeSeconds], chips).Times[0];
            var value = labelled ? result.Top1Accuracy! : result.Outputs[0].NormalizedRmsError;
            effects.Add(new NonIdealityEffect(kind, name, true, value, labelled ? reference - value.Mean : value.Mean));
        }

        return new FidelityAttributionResult(timeSeconds, metric, output, reference, layerSamples, layers, effects);
    }

    /// <summary>The metric's name in reports.</summary>
    public static string Label(AttributedMetric metric) => metric switch
    {
        AttributedMetric.Top1Accuracy => "top-1 accuracy",
        AttributedMetric.NormalizedRmsError => "normalized RMS error",
        _ => throw new MemfluxException($"unknown metric {metric}."),
    };
}
