// Sample 05: an experiment as data, run by the experiment layer.
//
// The experiment is the JSON that `memflux run FILE` reads (docs/experiments.md): here fashion-cnn on pcm-hermes
// devices with 6-bit ADCs on the hermes chip, 200 Fashion-MNIST test images, 2 chips, at 1 s and 1 day, with its cost
// estimate. ExperimentFile validates it (a bad field is an error naming its JSON path) and ExperimentRunner runs it,
// reporting through an IExperimentHost: this sample's host prints steps and notes, and gives Memflux's own reference
// executor as the reference runtime (the CLI gives ONNX Runtime), so the sample needs no native runtime.
//
// Paths in the experiment are relative to the folder it is read from: the repository root here (the argument, default
// the current folder).
//
//   dotnet run --project samples/05-experiment -c Release [-- REPOSITORY_ROOT]
using System.Globalization;
using Memflux.Experiments;
using Memflux.Graph.Execution;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;

string root = args.Length > 0 ? args[0] : Environment.CurrentDirectory;
const string json = """
    {
      "model": "models/fashion-cnn.onnx",
      "inputs": { "dataset": "fashion-mnist", "limit": 200, "batch_size": 100, "data_dir": "data" },
      "device": { "preset": "pcm-hermes", "overrides": { "tiles.adc.bits": 6 } },
      "hardware": { "preset": "hermes" },
      "times": ["1s", "1d"],
      "seeds": { "count": 2 },
      "metrics": { "accuracy": true, "estimate": true }
    }
    """;

var experiment = ExperimentFile.Parse(json, "the sample's experiment", root);
var result = ExperimentRunner.Run(new ConsoleHost(), experiment, new ExperimentRecord(null, json));

var c = CultureInfo.InvariantCulture;
var accuracy = result.Accuracy!;
Console.WriteLine(string.Create(c, $"reference accuracy ({accuracy.ReferenceName}): {accuracy.ReferenceAccuracy:P2}"));
foreach (var time in accuracy.Fidelity.Times)
{
    var top1 = time.Top1Accuracy!;
    Console.WriteLine(string.Create(c, $"accuracy at {time.TimeSeconds:G6} s: {top1.Mean:P2} ± {top1.Ci95:P2} over {top1.PerChip.Count} chips"));
}

var estimate = result.Estimate!;
Console.WriteLine(string.Create(c, $"energy per inference: {estimate.EnergyPerInferenceJ:E4} J; latency {estimate.Timing.LatencyNs:F1} ns; {estimate.TopsPerWatt:F3} TOPS/W"));

/// <summary>Prints steps and notes; Memflux's reference executor is the reference runtime.</summary>
internal sealed class ConsoleHost : IExperimentHost
{
    public string ReferenceRuntimeName => "Memflux reference executor";

    public void Note(string message) => Console.WriteLine($"note: {message}");

    public T Step<T>(string what, Func<Action<string>, T> work)
    {
        Console.WriteLine($"step: {what}");
        return work(_ => { });
    }

    public IModelRunner CreateReferenceRunner(byte[] model, string source, bool allowSpinning) => new ReferenceRunner(model, source);

    public IModelRunner OpenReferenceRunner(string path, bool allowSpinning) => new ReferenceRunner(File.ReadAllBytes(path), path);

    /// <summary>Imports the model at the shapes of the first inputs it is given (a symbolic batch then takes theirs).</summary>
    private sealed class ReferenceRunner(byte[] model, string source) : IModelRunner
    {
        private ReferenceExecutor? _executor;

        public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs)
        {
            _executor ??= new ReferenceExecutor(OnnxImporter.Load(model, source, new ImportOptions
            {
                Pipeline = PassPipeline.Default,
                InputShapes = inputs.ToDictionary(p => p.Key, p => p.Value.Shape.Dimensions.ToArray(), StringComparer.Ordinal),
            }));
            return _executor.Run(inputs);
        }

        public void Dispose()
        {
        }
    }
}
