using Memflux.Graph;
using Memflux.Graph.Passes;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Benchmarks;

/// <summary>The models the cost benchmarks estimate: a zoo model and the bundled ResNet18 (from the NuGet cache).</summary>
internal static class CostModels
{
    /// <summary>ResNet18.onnx of the Microsoft.ML.DnnImageFeaturizer.ResNet18 package, as the CLI bundles it.</summary>
    public static string ResNet18Path
    {
        get
        {
            string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            return Path.Combine(root, "microsoft.ml.dnnimagefeaturizer.resnet18", "0.23.1", "tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");
        }
    }

    /// <summary>A zoo model's path.</summary>
    public static string Zoo(string name) => RepositoryPaths.Combine("models", name + ".onnx");

    /// <summary>Imports <paramref name="path"/> at <paramref name="batch"/> as the estimate verb does.</summary>
    public static ComputeGraph Import(string path, int batch) =>
        OnnxImporter.Load(path, new ImportOptions { BatchSize = batch, Pipeline = PassPipeline.Default });
}
