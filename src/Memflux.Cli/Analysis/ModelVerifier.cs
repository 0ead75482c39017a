using Memflux.Cli.Infrastructure;
using Memflux.Graph.Execution;
using Memflux.Onnx;

namespace Memflux.Cli.Analysis;

/// <summary>What <c>memflux verify</c> reports.</summary>
internal sealed record VerificationReport(
    string Model,
    int Batch,
    int Seed,
    string InputDistribution,
    double Tolerance,
    double MaxAbsError,
    double MaxRelError,
    double Top1Agreement,
    bool Passed,
    IReadOnlyList<OutputComparison> Outputs);

/// <summary>Runs a model in Memflux's reference executor and in ONNX Runtime on the same seeded inputs and compares.</summary>
internal static class ModelVerifier
{
    /// <summary>
    /// Imports <paramref name="path"/> with <paramref name="import"/>'s shapes; ONNX Runtime gets a copy whose inputs
    /// have the shapes Memflux resolved, so a model exported at batch 1 runs at any batch (made from the file, weights
    /// copied once; external data stays in its files, which ONNX Runtime reads from the model's folder).
    /// Memflux runs the graph after the default passes (BatchNorm folding, constant folding, Identity removal): the graph
    /// every later stage executes, so the check covers the passes as well as the operators.
    /// </summary>
    public static VerificationReport Verify(CliContext context, string path, ImportOptions import, int seed, double tolerance)
    {
        var graph = context.Step($"Importing {path}", _ => ModelFile.Import(path, import));
        var shapes = graph.Inputs.ToDictionary(i => i.Name, i => i.Shape!.Dimensions.ToArray(), StringComparer.Ordinal);
        int batch = graph.Inputs.FirstOrDefault(i => i.Shape!.Rank > 0)?.Shape![0] ?? 1;
        var inputs = InputGenerator.Uniform(graph, seed, out string distribution);
        var memflux = context.Step("Running the Memflux reference executor", _ => new ReferenceExecutor(graph).Run(inputs));
        var ort = context.Step("Running ONNX Runtime", _ =>
        {
            using var runner = context.Services.CreateOrtRunner(OnnxModelRewriter.WithInputShapes(path, shapes), path, allowSpinning: false);
            return runner.Run(inputs);
        });
        var comparison = OutputComparer.Compare(memflux, ort, path);
        return new VerificationReport(
            path,
            batch,
            seed,
            distribution,
            tolerance,
            comparison.MaxAbsError,
            comparison.MaxRelError,
            comparison.Top1Agreement,
            comparison.Passes(tolerance),
            comparison.Outputs);
    }
}
