using System.Diagnostics;
using Memflux.Graph.Passes;
using Memflux.Onnx;

namespace Memflux.Experiments;

/// <summary>What <c>memflux bench --import MODEL</c> reports: each side's seconds and peak memory over the runs.</summary>
/// <param name="Model">The model file.</param>
/// <param name="WeightBytes">Bytes of the constants the imported graph holds (the weights).</param>
/// <param name="Runs">Timed runs of each side.</param>
/// <param name="Memflux">Memflux's import: parse, shape inference and the default passes, as <c>verify</c> runs them.</param>
/// <param name="OnnxRuntime">Creating an ONNX Runtime InferenceSession from the file (CPU, default options but no spinning).</param>
/// <param name="TimeRatio">Median over runs of Memflux's seconds over ONNX Runtime's in the same pair.</param>
/// <param name="MemoryMeasured">Whether peak memory could be measured (Linux).</param>
internal sealed record ImportBenchReport(string Model, long WeightBytes, int Runs, ImportSide Memflux, ImportSide OnnxRuntime, double TimeRatio, bool MemoryMeasured);

/// <summary>One side of <see cref="ImportBenchReport"/>.</summary>
/// <param name="MedianS">Median seconds.</param>
/// <param name="MinS">Fastest run.</param>
/// <param name="MaxS">Slowest run.</param>
/// <param name="PeakBytes">Median over runs of the peak resident memory above the settled baseline.</param>
internal sealed record ImportSide(double MedianS, double MinS, double MaxS, long PeakBytes);

/// <summary>
/// Times Memflux's import of a model against ONNX Runtime's session creation on the same file, in one process:
/// one untimed warm-up of each, then <c>runs</c> pairs alternating which side goes first. Before each run garbage is
/// collected aggressively and the peak resident set is reset (<see cref="ProcessMemory"/>); a run's memory is its peak
/// resident set minus the resident set it started from, so it counts what the run itself added: managed and native
/// memory, and the pages of files it mapped. The result of a run is dropped before the next.
/// </summary>
internal static class ImportBenchmark
{
    public static ImportBenchReport Run(IExperimentHost context, string path, ImportOptions options, int runs, bool ortSpinning)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        options = options with { Pipeline = PassPipeline.Default };
        var memflux = new List<(double S, long Peak)>();
        var ort = new List<(double S, long Peak)>();
        long weightBytes = context.Step($"Warming up on {path}", status =>
        {
            status("Memflux import");
            long bytes = ModelFile.Import(path, options).Constants.Sum(c => (long)c.Constant!.Bytes.Length);
            status("ONNX Runtime session");
            context.OpenReferenceRunner(path, ortSpinning).Dispose();
            return bytes;
        });
        for (int i = 0; i < runs; i++)
        {
            context.Step($"Run {i + 1} of {runs}", status =>
            {
                for (int side = 0; side < 2; side++)
                {
                    if ((side + i) % 2 == 0)
                    {
                        status("Memflux import");
                        memflux.Add(Measure(() => GC.KeepAlive(ModelFile.Import(path, options))));
                    }
                    else
                    {
                        status("ONNX Runtime session");
                        ort.Add(Measure(() => context.OpenReferenceRunner(path, ortSpinning).Dispose()));
                    }
                }

                return 0;
            });
        }

        var ratios = memflux.Zip(ort, (m, o) => m.S / o.S).ToList();
        return new ImportBenchReport(path, weightBytes, runs, Side(memflux), Side(ort), Timing.Median(ratios), ProcessMemory.Available);
    }

    private static (double S, long Peak) Measure(Action action)
    {
        long baseline = ProcessMemory.Settle();
        long start = Stopwatch.GetTimestamp();
        action();
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long peak = ProcessMemory.Peak();
        return (seconds, Math.Max(0, peak - baseline));
    }

    private static ImportSide Side(List<(double S, long Peak)> samples) =>
        new(Timing.Median([.. samples.Select(s => s.S)]), samples.Min(s => s.S), samples.Max(s => s.S), (long)Timing.Median([.. samples.Select(s => (double)s.Peak)]));
}
