using Memflux.Numerics;

namespace Memflux.Chip.Analog;

/// <summary>Progress of an evaluation: chip (0-based; −1 while the digital reference runs), time index, samples done at that time.</summary>
/// <param name="Chip">Chip being evaluated, or −1 for the reference runs.</param>
/// <param name="Time">Index into the times.</param>
/// <param name="Images">Samples run at this time (or by the reference) so far.</param>
/// <param name="Steps">Steps done of <paramref name="TotalSteps"/> (one step = one run of a feed).</param>
/// <param name="TotalSteps">All steps of the evaluation.</param>
public readonly record struct EvaluationProgress(int Chip, int Time, int Images, int Steps, int TotalSteps);

/// <summary>
/// One metric over independently programmed chips: mean and half-width of its 95% confidence interval
/// (<see cref="Statistics.MeanAndCi95"/>). When every chip has the same value the interval is 0 (NaN for one chip),
/// also for an infinite value (identical outputs have an SNR of +∞); when the values differ and one is infinite the
/// mean is IEEE's and the interval NaN.
/// </summary>
/// <param name="Mean">Mean over the chips.</param>
/// <param name="Ci95">Half-width of the 95% confidence interval of the mean (NaN when it cannot be estimated).</param>
/// <param name="PerChip">The value of each chip, by seed order.</param>
public sealed record MetricSummary(double Mean, double Ci95, IReadOnlyList<double> PerChip)
{
    /// <summary>Summarises <paramref name="perChip"/>.</summary>
    public static MetricSummary Of(double[] perChip)
    {
        ArgumentNullException.ThrowIfNull(perChip);
        if (perChip.All(double.IsFinite))
        {
            var (mean, ci) = Statistics.MeanAndCi95(perChip);
            return new MetricSummary(mean, ci, perChip);
        }

        if (perChip.All(v => v.Equals(perChip[0])))
        {
            return new MetricSummary(perChip[0], perChip.Length == 1 ? double.NaN : 0, perChip);
        }

        return new MetricSummary(perChip.Average(), double.NaN, perChip);
    }
}

/// <summary>Fidelity of one graph output to the digital reference at one time (see <see cref="FidelityMetrics"/>).</summary>
/// <param name="Output">The graph output's name.</param>
/// <param name="Top1Agreement">Share of rows whose arg-max agrees with the reference; null without a class axis.</param>
/// <param name="NormalizedRmsError">RMS(analog − reference) / RMS(reference) over all elements and feeds.</param>
/// <param name="CosineSimilarity">Cosine similarity per sample, averaged over samples.</param>
/// <param name="SnrDecibels">10·log10(Σref² / Σ(analog − ref)²).</param>
public sealed record OutputFidelity(string Output, MetricSummary? Top1Agreement, MetricSummary NormalizedRmsError, MetricSummary CosineSimilarity, MetricSummary SnrDecibels);

/// <summary>Everything measured at one time after programming.</summary>
/// <param name="TimeSeconds">Time since programming (s).</param>
/// <param name="Outputs">Fidelity of every graph output, in graph order.</param>
/// <param name="Top1Accuracy">Top-1 accuracy of the labelled output against the labels; null without labels.</param>
/// <param name="Top5Accuracy">Top-5 accuracy, likewise.</param>
public sealed record TimedFidelity(double TimeSeconds, IReadOnlyList<OutputFidelity> Outputs, MetricSummary? Top1Accuracy, MetricSummary? Top5Accuracy);

/// <summary>A graph output as evaluated.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Type">Its element type.</param>
/// <param name="Shape">Its shape for the first feed.</param>
/// <param name="Classes">Size of its class axis (last dimension &gt; 1), or null.</param>
public sealed record EvaluatedOutput(string Name, DataType Type, TensorShape Shape, int? Classes);

/// <summary>A layer on crossbars, as reports list it.</summary>
/// <param name="Key">Its node's output name.</param>
/// <param name="OpType">Conv, Gemm or MatMul.</param>
/// <param name="Description">The node as reports name it.</param>
/// <param name="Inputs">Inputs per output (matrix rows, k).</param>
/// <param name="Outputs">Outputs (matrix columns, n).</param>
/// <param name="Weights">Weights on crossbars (all groups).</param>
public sealed record AnalogLayerSummary(string Key, string OpType, string Description, int Inputs, int Outputs, long Weights);

/// <summary>
/// The result of <see cref="FidelityEvaluator.Evaluate(Func{Graph.ComputeGraph, int, AnalogChip}, IReadOnlyList{double}, int, Action{EvaluationProgress}?)"/>.
/// </summary>
/// <param name="Feeds">Model runs per chip and time.</param>
/// <param name="Samples">Samples: the first graph input's first dimension summed over the feeds (1 per feed for a scalar).</param>
/// <param name="Outputs">The graph outputs.</param>
/// <param name="LabelledOutput">The output the labels score (the first with a class axis), or null without labels.</param>
/// <param name="ReferenceTop1Accuracy">The digital reference's top-1 accuracy, or null without labels.</param>
/// <param name="ReferenceTop5Accuracy">The digital reference's top-5 accuracy, or null without labels.</param>
/// <param name="AnalogLayers">Layers on crossbars.</param>
/// <param name="DigitalNodes">Nodes that stay digital, each with the reason.</param>
/// <param name="Times">The metrics per time, in time order.</param>
public sealed record FidelityEvaluation(
    int Feeds,
    int Samples,
    IReadOnlyList<EvaluatedOutput> Outputs,
    string? LabelledOutput,
    double? ReferenceTop1Accuracy,
    double? ReferenceTop5Accuracy,
    IReadOnlyList<AnalogLayerSummary> AnalogLayers,
    IReadOnlyList<DigitalNode> DigitalNodes,
    IReadOnlyList<TimedFidelity> Times);
