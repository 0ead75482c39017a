using Memflux.Cli.Analysis;

namespace Memflux.Cli.Infrastructure;

/// <summary>Services a command uses that tests may replace (e.g. an ONNX Runtime that disagrees on purpose).</summary>
internal sealed record CliServices
{
    /// <summary>The real services.</summary>
    public static CliServices Default { get; } = new();

    /// <summary>Creates the ONNX Runtime session for a model (bytes, source name).</summary>
    public Func<byte[], string, IModelRunner> CreateOrtRunner { get; init; } = (bytes, source) => new OrtRunner(bytes, source);
}
