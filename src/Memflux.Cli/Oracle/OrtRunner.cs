using Memflux.Experiments;
using Memflux.Numerics;
using Microsoft.ML.OnnxRuntime;

namespace Memflux.Cli.Oracle;

/// <summary>
/// An ONNX Runtime session on the CPU with default session options (all graph optimizations, default threads) except,
/// unless asked, that idle intra-op workers block instead of spin-waiting (<c>session.intra_op.allow_spinning = 0</c>).
/// ONNX Runtime always shares the process with Memflux's own executor here, and its spinning workers keep every core
/// busy for a while after <c>Run</c> returns: on a 2-core machine that slowed the Memflux run that followed by 40–80%,
/// while ONNX Runtime alone ran as fast without spinning (<c>memflux bench --ort-spinning</c> measures it with).
/// Failures of the runtime become <see cref="MemfluxException"/> naming the model. When <c>source</c> is the model's
/// file, the runtime looks for external data in that file's folder (the bytes it gets may be a rewritten copy).
/// </summary>
internal sealed class OrtRunner : IModelRunner
{
    private readonly InferenceSession _session;
    private readonly string _source;

    public OrtRunner(byte[] model, string source, bool allowSpinning = false)
        : this(source, options => new InferenceSession(model, options), allowSpinning)
    {
    }

    private OrtRunner(string source, Func<SessionOptions, InferenceSession> create, bool allowSpinning)
    {
        _source = source;
        try
        {
            // ONNX Runtime logs warnings and errors to stderr itself; Memflux reports its failures in its own words.
            using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", allowSpinning ? "1" : "0");
            if (File.Exists(source))
            {
                options.AddSessionConfigEntry("session.model_external_initializers_file_folder_path", Path.GetDirectoryName(Path.GetFullPath(source))!);
            }

            _session = create(options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new MemfluxException($"{source}: ONNX Runtime cannot load the model ({e.Message}).", e);
        }
    }

    /// <summary>A session on the model file at <paramref name="path"/>, read by ONNX Runtime itself.</summary>
    public static OrtRunner Open(string path, bool allowSpinning = false) =>
        new(path, options => new InferenceSession(path, options), allowSpinning);

    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs)
    {
        var ortInputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, t) in inputs)
            {
                ortInputs[name] = OrtTensors.ToOrt(t);
            }

            using var runOptions = new RunOptions();
            using var results = _session.Run(runOptions, ortInputs, _session.OutputNames);
            var outputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            for (int i = 0; i < _session.OutputNames.Count; i++)
            {
                outputs[_session.OutputNames[i]] = OrtTensors.FromOrt(results[i])
                    ?? throw new MemfluxException($"{_source}: output '{_session.OutputNames[i]}' has element type {results[i].GetTensorTypeAndShape().ElementDataType}, which Memflux does not represent.");
            }

            return outputs;
        }
        catch (OnnxRuntimeException e)
        {
            throw new MemfluxException($"{_source}: ONNX Runtime failed to run the model ({e.Message}).", e);
        }
        finally
        {
            foreach (var v in ortInputs.Values)
            {
                v.Dispose();
            }
        }
    }

    public void Dispose() => _session.Dispose();
}
