using Memflux.Chip.Hardware;
using Memflux.Chip.Image;
using Memflux.Cost;
using Memflux.Graph.Passes;
using Memflux.Onnx;

namespace Memflux.Experiments;

/// <summary>The estimate experiment: import a model (or load a chip image) and run the cost model on a chip or system.</summary>
internal static class CostEstimation
{
    /// <summary>
    /// Imports <paramref name="model"/> at <paramref name="batch"/> and estimates it on <paramref name="spec"/>
    /// (<paramref name="chips"/> of them when given, else as its system section says); <paramref name="options"/> asks for a trace.
    /// </summary>
    public static CostEstimate Estimate(IExperimentHost context, string model, ChipSpec spec, int batch, ImportOptions? import = null, ChipCount? chips = null, SimulationOptions? options = null)
    {
        string path = BundledModels.ResolveModelPath(model);
        // The batch is the images streamed through the chip, so it replaces a static first dimension too: the bundled
        // ResNet18 is exported at batch 1, and its shapes at batch 1 under a batch-16 profile were a profiler error.
        import = (import ?? new ImportOptions()) with { BatchSize = batch, OverrideStaticBatch = true, Pipeline = PassPipeline.Default };
        var graph = context.Step($"Importing {path}", _ => OnnxImporter.Load(path, import));
        return context.Step($"Compiling onto {spec.Name}", _ => CostEstimator.Estimate(graph, batch, spec, chips, options));
    }

    /// <summary>Estimates the model and hardware stored in a chip image, with its measured programming cost.</summary>
    public static CostEstimate EstimateImage(IExperimentHost context, string path, int batch, ChipCount? chips = null, SimulationOptions? options = null)
    {
        var image = context.Step($"Loading {path}", _ => ChipImage.Load(path));
        var graph = OnnxImporter.Load(image.ModelBytes, image.ModelName, new ImportOptions { BatchSize = batch, OverrideStaticBatch = true, Pipeline = PassPipeline.Default });
        var estimate = context.Step($"Compiling onto {image.Hardware.Name}", _ => CostEstimator.Estimate(graph, batch, image.Hardware, chips, options));
        return estimate with { Programming = ProgrammingCost.FromChip(estimate.System, image.CreateChip(graph)) };
    }
}
