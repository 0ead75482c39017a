using System.CommandLine;

namespace Memflux.Cli.Commands;

/// <summary>Options and arguments several verbs share.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Write the result as JSON on stdout (progress and notes go to stderr)." };

    public static Argument<string> Model() => new("MODEL")
    {
        Description = $"Path to an ONNX model file, '{BundledModels.ResNet18Name}' for the bundled ResNet18, or a zoo model name ({string.Join(", ", BundledModels.ZooNames)}).",
    };

    public static Option<string?> DataDirectory() => new("--data")
    {
        Description = "Directory holding the dataset folders (mnist/, fashion-mnist/) (default: data/ of the repository around the current directory, else ./data).",
    };
}
