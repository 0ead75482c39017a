using Memflux.Chip.Analog;
using Memflux.Graph;

namespace Memflux.Experiments;

/// <summary>
/// With <c>MEMFLUX_EVAL_TIMING=1</c>, <c>eval</c> notes on stderr the seconds since the evaluation started and the
/// process's peak working set when each phase ends (the digital reference, programming a chip, each chip time's last
/// run) and when each time's first run is done (so the gap after a phase's end is the read plus one run): where a large
/// evaluation spends its time and memory.
/// </summary>
internal sealed class PhaseTimes(IExperimentHost context, long start)
{
    public const string Variable = "MEMFLUX_EVAL_TIMING";

    private (int Chip, int Time)? _phase;
    private double _lastStep;

    public Func<ComputeGraph, int, AnalogChip> Wrap(Func<ComputeGraph, int, AnalogChip> create) => (graph, c) =>
    {
        Note(Now(), "programming starts");
        var chip = create(graph, c);
        Note(Now(), $"chip {c + 1} programmed and read");
        return chip;
    };

    public Action<EvaluationProgress> Wrap(Action<EvaluationProgress>? inner) => p =>
    {
        inner?.Invoke(p);
        double now = Now();
        if (_phase is not { } phase || phase != (p.Chip, p.Time))
        {
            if (_phase is { } ended)
            {
                Note(_lastStep, $"{Name(ended)}: last run done");
            }

            Note(now, $"{Name((p.Chip, p.Time))}: first run done");
            _phase = (p.Chip, p.Time);
        }

        _lastStep = now;
        if (p.Steps == p.TotalSteps)
        {
            Note(now, $"{Name((p.Chip, p.Time))}: last run done");
        }
    };

    private static string Name((int Chip, int Time) phase) => phase.Chip < 0 ? "digital reference" : $"chip {phase.Chip + 1} time {phase.Time + 1}";

    private double Now() => System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;

    private void Note(double at, string what)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var gc = GC.GetGCMemoryInfo();
        context.Note(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"timing: {at:F1} s, working set {process.WorkingSet64 / 1e9:F2} GB (peak {process.PeakWorkingSet64 / 1e9:F2}), managed heap {gc.HeapSizeBytes / 1e9:F2} GB ({gc.FragmentedBytes / 1e9:F2} fragmented): {what}"));
    }
}

/// <summary>
/// Keeps garbage from piling up over an evaluation: runs a full blocking collection before a chip is programmed, and after
/// a run once the managed heap has grown by <see cref="GrowthBytes"/> since the last one. A run's intermediate tensors
/// above 85 KB live on the large-object heap, which only a full collection frees, and on a machine with free memory the
/// GC lets it grow: BERT-base over 32 runs reached 7.4 GB of managed heap, 5 GB of it garbage, beside a 2.2 GB chip.
/// A full collection costs little here (the chip is arrays of numbers, nothing to trace).
/// </summary>
internal sealed class GarbageCollector
{
    public const long GrowthBytes = 512L << 20;

    private long _after;

    public Func<ComputeGraph, int, AnalogChip> Wrap(Func<ComputeGraph, int, AnalogChip> create) => (graph, c) =>
    {
        Collect();
        var chip = create(graph, c);
        Collect();
        return chip;
    };

    public Action<EvaluationProgress> Wrap(Action<EvaluationProgress>? inner) => p =>
    {
        if (GC.GetTotalMemory(forceFullCollection: false) > _after + GrowthBytes)
        {
            Collect();
        }

        inner?.Invoke(p);
    };

    private void Collect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        _after = GC.GetTotalMemory(forceFullCollection: false);
    }
}
