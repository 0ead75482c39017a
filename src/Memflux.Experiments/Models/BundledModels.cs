using Memflux.Numerics;

namespace Memflux.Experiments;

/// <summary>
/// Models shipped next to the <c>memflux</c> binary. ResNet18 (ImageNet, from the NuGet package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1, MIT licence) is fetched at restore time by a PackageDownload
/// and copied to <c>models/resnet18/ResNet18.onnx</c> in the build output; it is not committed.
/// </summary>
public static class BundledModels
{
    /// <summary>The name that selects the bundled ResNet18 where a MODEL path is expected.</summary>
    public const string ResNet18Name = "resnet18";

    /// <summary>Where the build puts ResNet18.onnx, relative to the binary.</summary>
    public static string ResNet18Path => Path.Combine(AppContext.BaseDirectory, "models", "resnet18", "ResNet18.onnx");

    /// <summary>The ResNet18 path, or an error saying how to get the file when the build did not place it.</summary>
    public static string RequireResNet18()
    {
        string path = ResNet18Path;
        return File.Exists(path)
            ? path
            : throw new MemfluxException(
                $"{path}: the bundled ResNet18 model is missing; build src/Memflux.Cli (its restore downloads NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 and copies the model).");
    }

    /// <summary>Where the build puts zoo model <paramref name="name"/> (models/NAME.onnx of the repository), next to the binary.</summary>
    public static string ZooPath(string name) => Path.Combine(AppContext.BaseDirectory, "models", "zoo", name + ".onnx");

    /// <summary>Names of the zoo models that travel with the tool.</summary>
    public static IReadOnlyList<string> ZooNames
    {
        get
        {
            string directory = Path.GetDirectoryName(ZooPath("x"))!;
            return Directory.Exists(directory) ? [.. Directory.GetFiles(directory, "*.onnx").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal)] : [];
        }
    }

    /// <summary>
    /// Resolves a MODEL argument: an existing file is used as is; <c>resnet18</c> (when no such file exists) is the
    /// bundled model; a zoo name (<c>fashion-cnn</c>, …) is the zoo's file; anything else is an error naming the path.
    /// </summary>

    public static string ResolveModelPath(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Length == 0)
        {
            throw new MemfluxException($"the model is an empty string; expected an ONNX file, {ResNet18Name} or a zoo name ({string.Join(", ", ZooNames)}).");
        }

        if (File.Exists(model))
        {
            return model;
        }

        if (string.Equals(model, ResNet18Name, StringComparison.OrdinalIgnoreCase))
        {
            return RequireResNet18();
        }

        string zoo = ZooPath(model);
        if (File.Exists(zoo))
        {
            return zoo;
        }

        if (Directory.Exists(model))
        {
            throw new MemfluxException($"{model}: is a directory; expected an ONNX model file.");
        }

        throw new MemfluxException($"{Path.GetFullPath(model)}: model file not found.");
    }
}
