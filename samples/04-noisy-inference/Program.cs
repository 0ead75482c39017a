// Sample 04: noisy inference on your own model, with fidelity metrics.
//
// Imports an ONNX model, reads the inputs you bring (a NumPy .npy for a one-input model, or an .npz with one array per
// input, by name; without a file, 32 uniform [0, 1) samples for fp32 inputs), programs 3 analog chips of a device
// preset, reads them at 1 s, 1 day and 1 year after programming and compares every output with the fp32 digital
// reference: top-1 agreement (outputs with a class axis), normalised RMS error, cosine similarity and SNR, each as a
// mean over the chips ± its 95% confidence half-width.
//
//   dotnet run --project samples/04-noisy-inference -c Release -- models/fashion-cnn.onnx [inputs.npz] [pcm]
using System.Globalization;
using Memflux.Chip.Analog;
using Memflux.Data;
using Memflux.Graph;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;

string model = args.Length > 0 ? args[0] : Path.Combine("models", "fashion-cnn.onnx");
string? inputs = args.Length > 1 && args[1] != "-" ? args[1] : null;
string preset = args.Length > 2 ? args[2] : "pcm";
double[] timesSeconds = [1, 86400, 365 * 86400.0];
string[] timeNames = ["1 s", "1 d", "1 y"];
const int Chips = 3;
const ulong Seed = 0;

var options = new ImportOptions { BatchSize = 8, Pipeline = PassPipeline.Default }; // --batch 8: a symbolic batch dimension becomes 8
var graph = OnnxImporter.Load(model, options);
var samples = inputs is null ? RandomSamples(graph, runs: 32 / BatchOf(graph)) : SampleArrays.Read(inputs).ToSampleSet(SampleInputs(graph));

// The evaluator imports the model again for feeds whose shapes differ from the file's (e.g. another batch size).
ComputeGraph ImportFor(IReadOnlyDictionary<string, TensorShape> shapes) =>
    OnnxImporter.Load(model, options with { InputShapes = shapes.ToDictionary(p => p.Key, p => p.Value.Dimensions.ToArray(), StringComparer.Ordinal) });

var evaluator = new FidelityEvaluator(ImportFor, samples);
var result = evaluator.Evaluate(AnalogPreset.Get(preset), Seed, timesSeconds, Chips);

var c = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(c, $"{Path.GetFileName(model)}: {result.Samples} samples from {samples.Source}, preset {preset}, {Chips} chips, {result.AnalogLayers.Count} analog layers"));
for (int t = 0; t < result.Times.Count; t++)
{
    var time = result.Times[t];
    foreach (var output in time.Outputs)
    {
        string agreement = output.Top1Agreement is { } a ? string.Create(c, $"{a.Mean:P1} ± {a.Ci95:P1}") : "n/a";
        Console.WriteLine(string.Create(c,
            $"t = {timeNames[t],-4} {output.Output}: top-1 agreement {agreement}, NRMSE {output.NormalizedRmsError.Mean:F4} ± {output.NormalizedRmsError.Ci95:F4}, cosine {output.CosineSimilarity.Mean:F4}, SNR {output.SnrDecibels.Mean:F2} dB"));
    }
}

static IReadOnlyList<SampleInput> SampleInputs(ComputeGraph graph) =>
    [.. graph.Inputs.Select(i => new SampleInput(i.Name, i.Type, i.Shape ?? throw new MemfluxException($"input '{i.Name}' has no static shape")))];

static int BatchOf(ComputeGraph graph) => graph.Inputs[0].Shape is { Rank: > 0 } shape ? shape[0] : 1;

static SampleSet RandomSamples(ComputeGraph graph, int runs)
{
    var random = new Random(0);
    var feeds = new List<IReadOnlyDictionary<string, Tensor>>();
    for (int run = 0; run < runs; run++)
    {
        var feed = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var input in SampleInputs(graph))
        {
            if (input.Type != DataType.Float32)
            {
                throw new MemfluxException($"input '{input.Name}' is {input.Type}; random samples are drawn for fp32 inputs only, so bring an .npz");
            }

            var data = new float[input.Shape.ElementCount];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (float)random.NextDouble();
            }

            feed[input.Name] = Tensor.FromFloat32(data, input.Shape);
        }

        feeds.Add(feed);
    }

    return new SampleSet($"{runs} random runs (uniform [0, 1), seed 0)", feeds);
}
