using Memflux.Graph.Execution;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;

namespace Memflux.Experiments;

/// <summary>Times Memflux against ONNX Runtime in one process: a square GEMM, and whole ResNet18 inferences.</summary>
internal static class Benchmarks
{
    /// <summary>Relative difference above which a benchmark notes (on stderr) that the two sides disagree.</summary>
    private const double AgreementWarning = 1e-3;

    public static List<BenchResult> Run(IExperimentHost context, BenchPlan plan)
    {
        var results = new List<BenchResult>();
        foreach (int n in plan.GemmSizes)
        {
            results.Add(context.Step($"gemm {n}^3", status => Gemm(context, n, plan, status)));
        }

        if (plan.ResNetBatches.Count > 0)
        {
            string path = BundledModels.RequireResNet18();
            byte[] bytes = ModelFile.Read(path);
            byte[] ortBytes = OnnxModelRewriter.WithSymbolicBatch(bytes, path);
            foreach (int batch in plan.ResNetBatches)
            {
                results.Add(context.Step($"resnet18 batch {batch}", status => ResNet(context, path, bytes, ortBytes, batch, plan, status)));
            }
        }

        return results;
    }

    private static BenchResult Gemm(IExperimentHost context, int n, BenchPlan plan, Action<string> status)
    {
        var shape = new TensorShape(n, n);
        var a = Uniform(shape, 1);
        var b = Uniform(shape, 2);
        var c = new float[n * n];
        string name = $"gemm {n}^3";
        using var ort = context.CreateReferenceRunner(OnnxModelFactory.MatMul(n, n, n), $"matmul {n}^3", plan.OrtSpinning);
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal) { ["A"] = a, ["B"] = b };
        IReadOnlyDictionary<string, Tensor>? last = null;
        status($"{name}: Memflux Gemm.Multiply and ONNX Runtime MatMul, interleaved");
        var t = Timing.Paired(() => Numerics.Gemm.Multiply(a.Float32Array, b.Float32Array, c, n, n, n), () => last = ort.Run(inputs), plan.Runs, budgetSeconds: plan.BudgetSeconds);
        CheckAgreement(context, name, Tensor.FromFloat32(c, shape), last!["Y"]);
        return new BenchResult(name, t.MemfluxS, t.ReferenceS, t.Ratio, 2.0 * n * n * n);
    }

    private static BenchResult ResNet(IExperimentHost context, string path, byte[] bytes, byte[] ortBytes, int batch, BenchPlan plan, Action<string> status)
    {
        string name = $"resnet18 batch {batch}";
        var graph = OnnxImporter.Load(bytes, path, new ImportOptions { BatchSize = batch, Pipeline = PassPipeline.Default });
        long macs = ModelInspector.Inspect(graph, path).Macs;
        var inputs = InputGenerator.Uniform(graph, seed: 0);
        var executor = new ReferenceExecutor(graph);
        using var ort = context.CreateReferenceRunner(ortBytes, path, plan.OrtSpinning);
        IReadOnlyDictionary<string, Tensor>? mine = null, theirs = null;
        status($"{name}: Memflux reference executor and ONNX Runtime, interleaved");
        var t = Timing.Paired(() => mine = executor.Run(inputs), () => theirs = ort.Run(inputs), plan.Runs, budgetSeconds: plan.BudgetSeconds);
        foreach (var (output, expected) in theirs!)
        {
            CheckAgreement(context, $"{name} output '{output}'", mine![output], expected);
        }

        return new BenchResult(name, t.MemfluxS, t.ReferenceS, t.Ratio, 2.0 * macs);
    }

    /// <summary>
    /// A user's model: the reference executor against ONNX Runtime (given the input shapes Memflux resolved) on the
    /// first run of <paramref name="samples"/>, or on seeded random inputs (integer inputs drawn as verify draws them).
    /// </summary>
    public static BenchResult Model(IExperimentHost context, string path, ImportOptions import, Func<Graph.ComputeGraph, Data.SampleSet>? samples, BenchPlan plan)
    {
        var graph = context.Step($"Importing {path}", _ => ModelFile.Import(path, import));
        var inputs = samples is null ? InputGenerator.Uniform(graph, seed: 0) : samples(graph).Feeds[0];
        long macs = ModelInspector.Inspect(graph, path).Macs;
        var shapes = graph.Inputs.ToDictionary(i => i.Name, i => i.Shape!.Dimensions.ToArray(), StringComparer.Ordinal);
        var executor = new ReferenceExecutor(graph);
        using var ort = context.CreateReferenceRunner(OnnxModelRewriter.WithInputShapes(path, shapes), path, plan.OrtSpinning);
        string name = Path.GetFileName(path);
        IReadOnlyDictionary<string, Tensor>? mine = null, theirs = null;
        var t = context.Step($"{name}: Memflux reference executor and ONNX Runtime, interleaved", _ =>
            Timing.Paired(() => mine = executor.Run(inputs), () => theirs = ort.Run(inputs), plan.Runs, budgetSeconds: plan.BudgetSeconds));
        foreach (var (output, expected) in theirs!)
        {
            CheckAgreement(context, $"{name} output '{output}'", mine![output], expected);
        }

        return new BenchResult(name, t.MemfluxS, t.ReferenceS, t.Ratio, 2.0 * macs);
    }

    private static void CheckAgreement(IExperimentHost context, string what, Tensor memflux, Tensor ort)
    {
        var cmp = OutputComparer.CompareOne(what, memflux, ort);
        if (!(cmp.MaxRelError <= AgreementWarning))
        {
            context.Note($"note: {what}: Memflux and ONNX Runtime differ (max rel error {cmp.MaxRelError.ToString("0.###e+0", System.Globalization.CultureInfo.InvariantCulture)}); the timings compare different results.");
        }
    }

    private static Tensor Uniform(TensorShape shape, int seed)
    {
        var rng = new Random(seed);
        var data = new float[shape.ElementCount];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (2 * rng.NextSingle()) - 1;
        }

        return Tensor.FromFloat32(data, shape);
    }
}
