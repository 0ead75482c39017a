using Memflux.Data;
using Memflux.Graph.Execution;
using Memflux.Numerics;
using Memflux.Onnx;

namespace Memflux.Experiments;

/// <summary>What <c>memflux verify</c> reports.</summary>
/// <param name="Model">The model file.</param>
/// <param name="Batch">The first dimension of the graph inputs.</param>
/// <param name="Seed">The seed of random inputs (unused with <paramref name="Inputs"/>).</param>
/// <param name="InputDistribution">How the inputs were made, or where they came from.</param>
/// <param name="Tolerance">Largest accepted relative error.</param>
/// <param name="MaxAbsError">Memflux vs ONNX Runtime: largest absolute error over every output and run.</param>
/// <param name="MaxRelError">Memflux vs ONNX Runtime: largest relative error (per output: max abs error / max |reference| over the runs).</param>
/// <param name="Top1Agreement">Memflux vs ONNX Runtime: smallest top-1 agreement over the outputs.</param>
/// <param name="Passed">True when every comparison made is within the tolerance.</param>
/// <param name="Outputs">Memflux vs ONNX Runtime per output.</param>
/// <param name="Inputs">The --inputs source, or null for random inputs.</param>
/// <param name="Runs">Model runs compared (one per feed of the sample set).</param>
/// <param name="InputNotes">What the input reader decided (conversions, preprocessing), one line each.</param>
/// <param name="Expected">Memflux vs the expected outputs the source holds, or null.</param>
/// <param name="Accuracy">Top-1 accuracy of both runtimes against the labels, or null without labels.</param>
public sealed record VerificationReport(
    string Model,
    int Batch,
    int Seed,
    string InputDistribution,
    double Tolerance,
    double MaxAbsError,
    double MaxRelError,
    double Top1Agreement,
    bool Passed,
    IReadOnlyList<OutputComparison> Outputs,
    string? Inputs = null,
    int Runs = 1,
    IReadOnlyList<string>? InputNotes = null,
    ComparisonResult? Expected = null,
    VerifiedAccuracy? Accuracy = null);

/// <summary>Top-1 accuracy of Memflux and of ONNX Runtime against labels, on the first graph output.</summary>
/// <param name="Output">The output whose argmax is the predicted class.</param>
/// <param name="Samples">Labelled samples.</param>
/// <param name="Memflux">Fraction Memflux gets right.</param>
/// <param name="OnnxRuntime">Fraction ONNX Runtime gets right.</param>
public sealed record VerifiedAccuracy(string Output, int Samples, double Memflux, double OnnxRuntime);

/// <summary>Runs a model in Memflux's reference executor and in ONNX Runtime on the same inputs and compares.</summary>
internal static class ModelVerifier
{
    /// <summary>
    /// Imports <paramref name="path"/> with <paramref name="import"/>'s shapes; ONNX Runtime gets a copy whose inputs
    /// have the shapes Memflux resolved, so a model exported at batch 1 runs at any batch (made from the file, weights
    /// copied once; external data stays in its files, which ONNX Runtime reads from the model's folder).
    /// Memflux runs the graph after the default passes (BatchNorm folding, constant folding, Identity removal): the graph
    /// every later stage executes, so the check covers the passes as well as the operators.
    /// Without <paramref name="inputs"/> both run once on seeded random inputs; with it, on every run of the sample set
    /// <see cref="InputSources.Load"/> reads, and Memflux is also compared with the expected outputs the source holds.
    /// </summary>
    public static VerificationReport Verify(IExperimentHost context, string path, ImportOptions import, int seed, double tolerance, string? inputs = null, InputSourceOptions? inputOptions = null)
    {
        var graph = context.Step($"Importing {path}", _ => ModelFile.Import(path, import));
        var shapes = graph.Inputs.ToDictionary(i => i.Name, i => i.Shape!.Dimensions.ToArray(), StringComparer.Ordinal);
        int batch = graph.Inputs.FirstOrDefault(i => i.Shape!.Rank > 0)?.Shape![0] ?? 1;
        SampleSet samples;
        string distribution;
        if (inputs is null)
        {
            samples = new SampleSet("random", [InputGenerator.Uniform(graph, seed, out distribution)]);
        }
        else
        {
            samples = context.Step($"Reading {inputs}", _ => InputSources.Load(inputs, graph, inputOptions ?? InputSourceOptions.Default));
            distribution = $"from {inputs}";
        }

        var executor = new ReferenceExecutor(graph);
        using var ort = context.CreateReferenceRunner(OnnxModelRewriter.WithInputShapes(path, shapes), path, allowSpinning: false);
        var versusOrt = new List<ComparisonResult>();
        var versusExpected = new List<ComparisonResult>();
        var predictions = new List<(Tensor Memflux, Tensor Ort)>();
        context.Step("Running ONNX Runtime and the Memflux reference executor", status =>
        {
            for (int r = 0; r < samples.Feeds.Count; r++)
            {
                status($"Running ONNX Runtime and the Memflux reference executor: run {r + 1} of {samples.Feeds.Count}");
                string where = samples.Feeds.Count == 1 ? path : $"{path} (run {r + 1} of {samples.Feeds.Count})";
                var memflux = executor.Run(samples.Feeds[r]);
                var reference = ort.Run(samples.Feeds[r]);
                versusOrt.Add(OutputComparer.Compare(memflux, reference, where));
                if (samples.ExpectedOutputs is { } expected)
                {
                    versusExpected.Add(OutputComparer.Compare(memflux, expected[r], $"{where}, expected outputs"));
                }

                if (samples.Labels is not null)
                {
                    string first = graph.Outputs[0].Name;
                    predictions.Add((memflux[first], reference[first]));
                }
            }

            return 0;
        });

        var comparison = OutputComparer.Combine(versusOrt);
        var expectedComparison = versusExpected.Count > 0 ? OutputComparer.Combine(versusExpected) : null;
        var accuracy = samples.Labels is { } labels ? Accuracy(graph.Outputs[0].Name, predictions, labels, inputs!) : null;
        return new VerificationReport(
            path,
            batch,
            seed,
            distribution,
            tolerance,
            comparison.MaxAbsError,
            comparison.MaxRelError,
            comparison.Top1Agreement,
            comparison.Passes(tolerance) && (expectedComparison?.Passes(tolerance) ?? true),
            comparison.Outputs,
            inputs,
            samples.Feeds.Count,
            samples.Notes,
            expectedComparison,
            accuracy);
    }

    private static VerifiedAccuracy Accuracy(string output, List<(Tensor Memflux, Tensor Ort)> runs, long[] labels, string source)
    {
        int sample = 0, memfluxRight = 0, ortRight = 0;
        foreach (var (memflux, ort) in runs)
        {
            int items = memflux.Shape.Rank == 0 ? 1 : memflux.Shape[0];
            int row = items == 0 ? 0 : memflux.Length / items;
            for (int b = 0; b < items; b++, sample++)
            {
                if (sample >= labels.Length)
                {
                    throw new MemfluxException($"{source}: output '{output}' has more rows ({sample + 1} so far) than there are labels ({labels.Length}); labels need one row of the first output per sample.");
                }

                memfluxRight += OutputComparer.ArgMax(memflux, b * row, row) == labels[sample] ? 1 : 0;
                ortRight += OutputComparer.ArgMax(ort, b * row, row) == labels[sample] ? 1 : 0;
            }
        }

        if (sample != labels.Length)
        {
            throw new MemfluxException($"{source}: {labels.Length} labels but output '{output}' has {sample} rows over the runs; expected one row per label.");
        }

        return new VerifiedAccuracy(output, sample, (double)memfluxRight / sample, (double)ortRight / sample);
    }
}
