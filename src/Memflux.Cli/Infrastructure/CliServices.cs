using Memflux.Cli.Oracle;
using Memflux.Experiments;

namespace Memflux.Cli.Infrastructure;

/// <summary>Services a command uses that tests may replace (e.g. an ONNX Runtime that disagrees on purpose).</summary>
internal sealed record CliServices
{
    /// <summary>The real services.</summary>
    public static CliServices Default { get; } = new();

    /// <summary>Creates the ONNX Runtime session for a model (bytes, source name, whether idle workers may spin; see <see cref="OrtRunner"/>).</summary>
    public OrtRunnerFactory CreateOrtRunner { get; init; } = (bytes, source, allowSpinning) => new OrtRunner(bytes, source, allowSpinning);
}

/// <summary>Creates an ONNX Runtime session for <paramref name="model"/>; <paramref name="allowSpinning"/>: see <see cref="OrtRunner"/>.</summary>
internal delegate IModelRunner OrtRunnerFactory(byte[] model, string source, bool allowSpinning);
