using Memflux.Graph;
using Memflux.Numerics;

namespace Memflux.Chip.Analog;

/// <summary>Accuracy of the chips at one time after programming.</summary>
/// <param name="TimeSeconds">Time since programming (s).</param>
/// <param name="AccuracyMean">Mean accuracy over the chips.</param>
/// <param name="AccuracyCi95">Half-width of the 95% confidence interval of the mean (NaN for one chip).</param>
/// <param name="PerChip">Accuracy of each chip, by seed order.</param>
public sealed record TimedAccuracy(double TimeSeconds, double AccuracyMean, double AccuracyCi95, IReadOnlyList<double> PerChip);

/// <summary>Progress of an evaluation: chip (0-based), time index, images done at that time.</summary>
/// <param name="Chip">Chip being evaluated.</param>
/// <param name="Time">Index into the times.</param>
/// <param name="Images">Images classified at this time so far.</param>
/// <param name="Steps">Steps done of <paramref name="TotalSteps"/> (one step = one batch on one chip at one time).</param>
/// <param name="TotalSteps">All steps of the evaluation.</param>
public readonly record struct EvaluationProgress(int Chip, int Time, int Images, int Steps, int TotalSteps);

/// <summary>
/// Classification accuracy over a chip's lifetime: each of <c>chips</c> independently programmed chips (seed, seed+1, …)
/// is read at every time in order, and the whole image set is classified at each. Images are float [N, …] in the
/// model's input layout, labels one per image.
/// </summary>
public static class AccuracyOverTime
{
    /// <summary>Runs the evaluation; <paramref name="importAtBatch"/> imports the model at a given batch size.</summary>
    public static IReadOnlyList<TimedAccuracy> Evaluate(
        Func<int, ComputeGraph> importAtBatch,
        AnalogPreset preset,
        Tensor images,
        ReadOnlySpan<int> labels,
        IReadOnlyList<double> timesSeconds,
        int chips,
        ulong seed,
        int batchSize,
        Action<EvaluationProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return Evaluate(importAtBatch, (graph, c) => AnalogChip.Create(graph, preset, seed + (ulong)c), images, labels, timesSeconds, chips, batchSize, progress);
    }

    /// <summary>
    /// Runs the evaluation on chips that <paramref name="createChip"/> makes (from the graph at the main batch size and
    /// the chip's index), e.g. a chip loaded from an image; times are chip times and must not precede a chip's own.
    /// </summary>
    public static IReadOnlyList<TimedAccuracy> Evaluate(
        Func<int, ComputeGraph> importAtBatch,
        Func<ComputeGraph, int, AnalogChip> createChip,
        Tensor images,
        ReadOnlySpan<int> labels,
        IReadOnlyList<double> timesSeconds,
        int chips,
        int batchSize,
        Action<EvaluationProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(importAtBatch);
        ArgumentNullException.ThrowIfNull(createChip);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(timesSeconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(chips, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int count = images.Shape[0];
        if (labels.Length != count)
        {
            throw new ArgumentException($"{count} images but {labels.Length} labels", nameof(labels));
        }

        for (int i = 1; i < timesSeconds.Count; i++)
        {
            if (!(timesSeconds[i] > timesSeconds[i - 1]))
            {
                throw new MemfluxException($"times must increase: {timesSeconds[i - 1]} s is followed by {timesSeconds[i]} s.");
            }
        }

        var graphs = new Dictionary<int, ComputeGraph>();
        ComputeGraph GraphFor(int n) => graphs.TryGetValue(n, out var g) ? g : graphs[n] = importAtBatch(n);
        var main = GraphFor(Math.Min(batchSize, count));
        int batches = (count + batchSize - 1) / batchSize, steps = 0, totalSteps = chips * timesSeconds.Count * batches;
        var accuracy = new double[timesSeconds.Count, chips];
        int[] labelArray = labels.ToArray();
        for (int c = 0; c < chips; c++)
        {
            var chip = createChip(main, c);
            var executors = new Dictionary<int, AnalogExecutor>();
            for (int t = 0; t < timesSeconds.Count; t++)
            {
                chip.AdvanceTo(timesSeconds[t]);
                int correct = 0;
                for (int first = 0; first < count; first += batchSize)
                {
                    int n = Math.Min(batchSize, count - first);
                    if (!executors.TryGetValue(n, out var executor))
                    {
                        executor = executors[n] = new AnalogExecutor(GraphFor(n), chip);
                    }

                    var outputs = executor.Run(new Dictionary<string, Tensor>(StringComparer.Ordinal) { [executor.Graph.Inputs[0].Name] = Slice(images, first, n) });
                    correct += CountCorrect(outputs[executor.Graph.Outputs[0].Name], labelArray.AsSpan(first, n));
                    progress?.Invoke(new EvaluationProgress(c, t, first + n, ++steps, totalSteps));
                }

                accuracy[t, c] = (double)correct / count;
            }
        }

        var results = new List<TimedAccuracy>(timesSeconds.Count);
        for (int t = 0; t < timesSeconds.Count; t++)
        {
            var perChip = new double[chips];
            for (int c = 0; c < chips; c++)
            {
                perChip[c] = accuracy[t, c];
            }

            var (mean, ci) = Statistics.MeanAndCi95(perChip);
            results.Add(new TimedAccuracy(timesSeconds[t], mean, ci, perChip));
        }

        return results;
    }

    /// <summary>Images [first, first+count) as a tensor of the same layout.</summary>
    public static Tensor Slice(Tensor images, int first, int count)
    {
        ArgumentNullException.ThrowIfNull(images);
        int per = images.Length / images.Shape[0];
        int[] dims = [.. images.Shape.Dimensions];
        dims[0] = count;
        return Tensor.FromFloat32(images.Float32.Slice(first * per, count * per).ToArray(), new TensorShape(dims));
    }

    /// <summary>How many rows of <paramref name="scores"/> [n, classes] have their maximum at the label.</summary>
    public static int CountCorrect(Tensor scores, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        int classes = scores.Shape[^1], correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            correct += System.Numerics.Tensors.TensorPrimitives.IndexOfMax(scores.Float32.Slice(i * classes, classes)) == labels[i] ? 1 : 0;
        }

        return correct;
    }
}
