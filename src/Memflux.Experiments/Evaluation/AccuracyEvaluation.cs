using Memflux.Chip.Analog;
using Memflux.Data;
using Memflux.Graph;
using Memflux.Graph.Execution;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;

namespace Memflux.Experiments;

/// <summary>What <c>memflux accuracy</c> reports.</summary>
internal sealed record AccuracyReport(
    string Model,
    string Dataset,
    string Split,
    int Samples,
    double OrtAccuracy,
    double MemfluxAccuracy,
    double PredictionAgreement,
    double Seconds);

/// <summary>
/// Classification accuracy of a model on a whole IDX split, computed by ONNX Runtime (the reference the model zoo
/// records) and by Memflux's reference executor, with how often their predicted classes agree.
/// The model takes float [N,1,28,28] pixels in [0,1] and returns [N,classes] scores.
/// </summary>
internal static class AccuracyEvaluation
{
    public static AccuracyReport Evaluate(IExperimentHost context, string path, string dataset, string? dataRoot, string split, int batchSize)
    {
        byte[] bytes = ModelFile.Read(path);
        string root = DataDirectory.Resolve(dataRoot, Environment.CurrentDirectory);
        string directory = DataDirectory.Dataset(root, dataset, dataRoot is not null);
        var data = context.Step($"Loading {directory} ({split})", _ => Dataset.Load(directory, split));
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var (ortCorrect, memfluxCorrect, agree) = context.Step($"Classifying {data.Count} images", status => Count(context, bytes, path, data, batchSize, status));
        double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        double count = data.Count;
        return new AccuracyReport(path, dataset, split, data.Count, ortCorrect / count, memfluxCorrect / count, agree / count, seconds);
    }

    private static (int Ort, int Memflux, int Agree) Count(IExperimentHost context, byte[] bytes, string path, Dataset data, int batchSize, Action<string> status)
    {
        using var ort = context.CreateReferenceRunner(OnnxModelRewriter.WithSymbolicBatch(bytes, path), path, allowSpinning: false);
        var executors = new Dictionary<int, ReferenceExecutor>();
        int ortCorrect = 0, memfluxCorrect = 0, agree = 0;
        for (int first = 0; first < data.Count; first += batchSize)
        {
            int n = Math.Min(batchSize, data.Count - first);
            status($"{first}/{data.Count} images");
            if (!executors.TryGetValue(n, out var executor))
            {
                var graph = OnnxImporter.Load(bytes, path, new ImportOptions { BatchSize = n, Pipeline = PassPipeline.Default });
                CheckSignature(graph, path);
                long[] labels = [.. data.Labels.Select(l => (long)l)];
                LabelAccuracy.CheckRange(labels, graph.Outputs[0].Shape![1], $"{path} on {data.Name}");
                if (executors.Count == 0 && LabelAccuracy.UnusedClassesNote(labels, graph.Outputs[0].Shape![1], $"{path} on {data.Name}") is { } note)
                {
                    context.Note(note);
                }

                executor = executors[n] = new ReferenceExecutor(graph);
            }

            var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal) { [executor.Graph.Inputs[0].Name] = ImageBatches.Slice(data.Images, first, n) };
            var ortScores = ort.Run(inputs)[executor.Graph.Outputs[0].Name];
            var ourScores = executor.Run(inputs)[executor.Graph.Outputs[0].Name];
            for (int i = 0; i < n; i++)
            {
                int label = data.Label(first + i), theirs = ArgMax(ortScores, i), ours = ArgMax(ourScores, i);
                ortCorrect += theirs == label ? 1 : 0;
                memfluxCorrect += ours == label ? 1 : 0;
                agree += theirs == ours ? 1 : 0;
            }
        }

        return (ortCorrect, memfluxCorrect, agree);
    }

    private static void CheckSignature(ComputeGraph graph, string path)
    {
        var input = graph.Inputs.Count == 1 ? graph.Inputs[0] : null;
        var output = graph.Outputs.Count == 1 ? graph.Outputs[0] : null;
        if (input?.Shape is not { Rank: 4 } s || s[1] != 1 || s[2] != 28 || s[3] != 28 || output?.Shape is not { Rank: 2 })
        {
            throw new MemfluxException(
                $"{path}: accuracy needs one input [N,1,28,28] and one output [N,classes]; found inputs {string.Join(", ", graph.Inputs)} and outputs {string.Join(", ", graph.Outputs)}.");
        }
    }

    private static int ArgMax(Tensor scores, int row)
    {
        int classes = scores.Shape[1];
        return System.Numerics.Tensors.TensorPrimitives.IndexOfMax(scores.Float32.Slice(row * classes, classes));
    }
}
