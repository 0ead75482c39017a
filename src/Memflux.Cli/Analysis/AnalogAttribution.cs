using Memflux.Chip.Analog;
using Memflux.Graph;
using Memflux.Numerics;

namespace Memflux.Cli.Analysis;

/// <summary>The accuracy with one non-ideality of the preset switched on alone (null figures when the preset lacks it).</summary>
internal sealed record NonIdealityCost(string Name, bool InPreset, double? AccuracyMean, double? AccuracyCi95, double? AccuracyCost);

/// <summary>What <c>eval --attribute</c> adds: per-layer output error and the accuracy cost of each non-ideality alone.</summary>
internal sealed record AttributionReport(double TimeSeconds, int LayerErrorImages, IReadOnlyList<LayerError> Layers, IReadOnlyList<NonIdealityCost> NonIdealities);

/// <summary>
/// Error attribution at the last evaluated time: each analog layer's output error against the reference on the first
/// batch of images (chip of the first seed), and the accuracy over all images and chips with only one non-ideality
/// on, each compared with the ONNX Runtime reference accuracy.
/// </summary>
internal static class AnalogAttribution
{
    public static AttributionReport Attribute(
        Func<int, ComputeGraph> importAtBatch, AnalogPreset preset, Tensor images, int[] labels, double timeSeconds, int chips, ulong seed, int batchSize, double referenceAccuracy, Action<string> status)
    {
        int n = Math.Min(batchSize, labels.Length);
        var graph = importAtBatch(n);
        status("per-layer output error");
        var chip = AnalogChip.Create(graph, preset, seed);
        chip.AdvanceTo(timeSeconds);
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal) { [graph.Inputs[0].Name] = AccuracyOverTime.Slice(images, 0, n) };
        var layers = LayerErrors.Measure(graph, chip, inputs);
        var costs = new List<NonIdealityCost>();
        foreach (var kind in Enum.GetValues<NonIdeality>())
        {
            string name = NonIdealityIsolation.Label(kind);
            if (NonIdealityIsolation.Only(preset, kind) is not { } variant)
            {
                costs.Add(new NonIdealityCost(name, false, null, null, null));
                continue;
            }

            status($"accuracy with only {name}");
            var result = AccuracyOverTime.Evaluate(importAtBatch, variant, images, labels, [timeSeconds], chips, seed, batchSize)[0];
            costs.Add(new NonIdealityCost(name, true, result.AccuracyMean, double.IsNaN(result.AccuracyCi95) ? null : result.AccuracyCi95, referenceAccuracy - result.AccuracyMean));
        }

        return new AttributionReport(timeSeconds, n, layers, costs);
    }
}
