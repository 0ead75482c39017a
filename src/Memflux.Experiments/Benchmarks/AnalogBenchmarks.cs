using Memflux.Chip.Analog;
using Memflux.Data;
using Memflux.Graph;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;

namespace Memflux.Experiments;

/// <summary>
/// <c>bench --analog</c>: the analog executor with a full preset (chip programmed and read at one day before timing)
/// against ONNX Runtime on the same ideal model: fashion-cnn over the Fashion-MNIST test set, ResNet18 at batch 8, and
/// the BERT-base-shaped encoder (<see cref="BertBaseModel"/>: every layer BERT-base's shape, sequence 128, the
/// 768×30522 MLM head) with <see cref="BertLayers"/> of its 12 encoder layers, built in memory.
/// Device noise is sampled when the chip is programmed and read, not per inference, so the timed part is inference.
/// </summary>
internal static class AnalogBenchmarks
{
    /// <summary>
    /// Encoder layers of the bench's BERT-base-shaped model: every layer of BERT-base costs the same, so two show the
    /// ratio of the whole (with the head, a fifth of BERT-base's weights) while programming stays a few seconds.
    /// </summary>
    public const int BertLayers = 2;

    private const int DatasetBatch = 500;
    private const double OneDaySeconds = 86400;

    public static List<BenchResult> Run(IExperimentHost context, string preset, BenchPlan plan)
    {
        var analog = AnalogPreset.Get(preset);
        var results = new List<BenchResult>();
        string zoo = BundledModels.ResolveModelPath("fashion-cnn");
        string directory = DataDirectory.Dataset(DataDirectory.Resolve(null, Environment.CurrentDirectory), "fashion-mnist", explicitRoot: false);
        var data = context.Step("Loading Fashion-MNIST test set", _ => Dataset.Load(directory, "test"));
        results.Add(context.Step($"fashion-cnn {data.Count} images", status => FashionCnn(context, zoo, data.Images, analog, plan, status)));
        string resnet = BundledModels.RequireResNet18();
        results.Add(context.Step("resnet18 batch 8", status => ResNet(context, resnet, analog, plan, status)));
        results.Add(context.Step($"bert-base-shaped, {BertLayers} layers, sequence 128", status => Bert(context, analog, plan, new BertShape(Layers: BertLayers), status)));
        return results;
    }

    /// <summary>The BERT case at <paramref name="shape"/> (the bench's: BERT-base with <see cref="BertLayers"/> layers; tests shrink it).</summary>
    internal static BenchResult Bert(IExperimentHost context, AnalogPreset preset, BenchPlan plan, BertShape shape, Action<string> status)
    {
        string name = shape with { Layers = BertLayers } == new BertShape(Layers: BertLayers)
            ? $"bert-base-shaped {shape.Layers} layers seq {shape.Sequence}"
            : $"bert {shape.Layers}x{shape.Hidden} seq {shape.Sequence}";
        status($"{name}: building the model");
        byte[] bytes = OnnxExporter.ToBytes(BertBaseModel.Build(shape, seed: 0));
        var graph = OnnxImporter.Load(bytes, name, new ImportOptions { Pipeline = PassPipeline.Default });
        long macs = ModelInspector.Inspect(graph, name).Macs;
        var inputs = InputGenerator.Uniform(graph, seed: 0);
        var executor = Programmed(graph, preset, status);
        using var ort = context.CreateReferenceRunner(bytes, name, plan.OrtSpinning);
        status($"{name}: Memflux analog ({preset.Name}) and ONNX Runtime (ideal model), interleaved");
        var t = Timing.Paired(() => executor.Run(inputs), () => ort.Run(inputs), plan.Runs, budgetSeconds: plan.BudgetSeconds);
        return new BenchResult($"{name} ({preset.Name})", t.MemfluxS, t.ReferenceS, t.Ratio, 2.0 * macs);
    }

    private static BenchResult FashionCnn(IExperimentHost context, string path, Tensor images, AnalogPreset preset, BenchPlan plan, Action<string> status)
    {
        byte[] bytes = ModelFile.Read(path);
        var graph = OnnxImporter.Load(bytes, path, new ImportOptions { BatchSize = DatasetBatch, Pipeline = PassPipeline.Default });
        long macs = ModelInspector.Inspect(graph, path).Macs / DatasetBatch * images.Shape[0];
        var batches = Enumerable.Range(0, (images.Shape[0] + DatasetBatch - 1) / DatasetBatch)
            .Select(b => ImageBatches.Slice(images, b * DatasetBatch, Math.Min(DatasetBatch, images.Shape[0] - (b * DatasetBatch))))
            .ToList();
        if (batches.Any(b => b.Shape[0] != DatasetBatch))
        {
            throw new MemfluxException($"the bench expects a test set in whole batches of {DatasetBatch}; found {images.Shape[0]} images.");
        }

        string input = graph.Inputs[0].Name;
        var executor = Programmed(graph, preset, status);
        using var ort = context.CreateReferenceRunner(OnnxModelRewriter.WithSymbolicBatch(bytes, path), path, plan.OrtSpinning);
        status($"fashion-cnn: Memflux analog ({preset.Name}) and ONNX Runtime (ideal model), interleaved");
        var t = Timing.Paired(() => RunAll(batches, b => executor.Run(Feed(input, b))), () => RunAll(batches, b => ort.Run(Feed(input, b))), plan.Runs, budgetSeconds: plan.BudgetSeconds);
        return new BenchResult($"fashion-cnn {images.Shape[0]} images ({preset.Name})", t.MemfluxS, t.ReferenceS, t.Ratio, 2.0 * macs);
    }

    private static BenchResult ResNet(IExperimentHost context, string path, AnalogPreset preset, BenchPlan plan, Action<string> status)
    {
        const int batch = 8;
        byte[] bytes = ModelFile.Read(path);
        var graph = OnnxImporter.Load(bytes, path, new ImportOptions { BatchSize = batch, Pipeline = PassPipeline.Default });
        long macs = ModelInspector.Inspect(graph, path).Macs;
        var inputs = InputGenerator.Uniform(graph, seed: 0);
        var executor = Programmed(graph, preset, status);
        using var ort = context.CreateReferenceRunner(OnnxModelRewriter.WithSymbolicBatch(bytes, path), path, plan.OrtSpinning);
        status($"resnet18: Memflux analog ({preset.Name}) and ONNX Runtime (ideal model), interleaved");
        var t = Timing.Paired(() => executor.Run(inputs), () => ort.Run(inputs), plan.Runs, budgetSeconds: plan.BudgetSeconds);
        return new BenchResult($"resnet18 batch {batch} ({preset.Name})", t.MemfluxS, t.ReferenceS, t.Ratio, 2.0 * macs);
    }

    private static AnalogExecutor Programmed(ComputeGraph graph, AnalogPreset preset, Action<string> status)
    {
        status($"programming the {preset.Name} chip and reading it at one day");
        var chip = AnalogChip.Create(graph, preset, seed: 0);
        chip.AdvanceTo(OneDaySeconds);
        return new AnalogExecutor(graph, chip);
    }

    private static Dictionary<string, Tensor> Feed(string input, Tensor x) => new(StringComparer.Ordinal) { [input] = x };

    private static void RunAll(List<Tensor> batches, Action<Tensor> run)
    {
        foreach (var b in batches)
        {
            run(b);
        }
    }
}
