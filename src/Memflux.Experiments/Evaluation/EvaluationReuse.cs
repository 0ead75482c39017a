using Memflux.Chip.Analog;
using Memflux.Chip.Hardware;
using Memflux.Chip.Image;
using Memflux.Cost;
using Memflux.Data;
using Memflux.Graph;

namespace Memflux.Experiments;

/// <summary>
/// What the accuracy evaluations of one process (a sweep's points, run one at a time) share when their experiments
/// differ only in what does not change it:
/// <list type="bullet">
/// <item>a bundled dataset's loaded split, per folder;</item>
/// <item>the evaluation data per (model, data source, batch, limit): the sample set, the model imported at each feed's
/// shapes, the digital reference's outputs on every feed and ONNX Runtime's reference accuracy (a
/// <see cref="FidelityEvaluator"/> with its reference computed);</item>
/// <item>the programmed devices of each chip per (model, <see cref="PresetCodec.ProgrammingKey"/>, chip seed): a point
/// that changes only the read times or the read-side periphery (DAC, ADC, output noise, read weight noise, IR drop,
/// noise management, drift compensation, affine correction) reads the same devices, calibrated under its own
/// periphery (<see cref="AnalogChip.Create(ComputeGraph, AnalogPreset, ProgrammedChip)"/>).</item>
/// </list>
/// Every figure is bit-identical to a fresh evaluation: every random draw is keyed by seed and position, never by
/// what ran before. Bounded: the <see cref="MaxData"/> most recently used data entries and datasets, and the programmed
/// chips of one programming key only (the most recent), at most <see cref="MaxProgrammedBytes"/> of devices.
/// Not thread-safe: one evaluation at a time.
/// </summary>
public sealed class EvaluationReuse
{
    /// <summary>Data entries (and, separately, loaded datasets) kept, most recently used first.</summary>
    public const int MaxData = 4;

    private readonly List<(string Folder, Dataset Data)> _datasets = [];
    private readonly List<(string Key, EvaluationData Data)> _data = [];
    private readonly List<(string Key, (ChipSpec Spec, CostEstimate Estimate) Value)> _estimates = [];
    private readonly Dictionary<ulong, ProgrammedChip> _chips = [];
    private string? _chipsKey;

    /// <summary>
    /// Device bytes of programmed chips kept at most: a quarter of the memory the runtime may use
    /// [memflux_assumption: a sweep may hold that much beside what one point needs; a larger chip set is programmed
    /// afresh by each point].
    /// </summary>
    public static long MaxProgrammedBytes { get; } = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4;

    /// <summary>Chips programmed (each then kept, when it fits).</summary>
    public int ChipsProgrammed { get; private set; }

    /// <summary>Chips put on devices kept from an earlier point, programming none.</summary>
    public int ChipsReused { get; private set; }

    /// <summary>Evaluations that prepared their data (dataset or inputs, imports, reference).</summary>
    public int DataPrepared { get; private set; }

    /// <summary>Evaluations that found their data prepared.</summary>
    public int DataReused { get; private set; }

    /// <summary>The loaded split <paramref name="folder"/> holds, loading it on first use.</summary>
    internal Dataset Dataset(string folder, Func<Dataset> load) => MostRecent(_datasets, folder, load);

    /// <summary>The data for <paramref name="key"/> (<see cref="DataKey"/>), prepared on first use.</summary>
    internal EvaluationData Data(string key, Func<EvaluationData> prepare)
    {
        bool known = _data.Any(d => d.Key == key);
        DataPrepared += known ? 0 : 1;
        DataReused += known ? 1 : 0;
        return MostRecent(_data, key, prepare);
    }

    /// <summary>
    /// The estimate for <paramref name="key"/> (data, hardware and chips), estimated on first use and again when the
    /// hardware resolves to another <paramref name="spec"/> (an edited spec file): the energy from each point's
    /// activations rescales it.
    /// </summary>
    internal CostEstimate Estimate(string key, ChipSpec spec, Func<CostEstimate> estimate)
    {
        (ChipSpec Spec, CostEstimate Estimate) entry = MostRecent(_estimates, key, () => (spec, estimate()));
        if (!ReferenceEquals(entry.Spec, spec))
        {
            entry = (spec, estimate());
            _estimates[0] = (key, entry); // MostRecent left this key first
        }

        return entry.Estimate;
    }

    /// <summary>What identifies the evaluation data of <paramref name="request"/>: model, data source, batch and limit.</summary>
    internal static string DataKey(AnalogEvalRequest request)
    {
        var i = request.Import;
        string import = i is null ? "" : $"{i.BatchSize}|{i.OverrideStaticBatch}|{(i.InputShapes is { } shapes ? string.Join(";", shapes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{string.Join(",", p.Value)}")) : "")}";
        return string.Join("\n", request.Model, request.Dataset, request.DataRoot, request.BatchSize, request.Limit, request.Inputs, request.Labels, request.RandomInputs, import);
    }

    /// <summary>
    /// Creates chip <c>c</c> of <paramref name="model"/> on <paramref name="preset"/> with seed <paramref name="seed"/> + c:
    /// on the devices kept for that seed when an earlier chip was programmed alike, else programmed (and its devices
    /// kept, dropping those of another programming key first).
    /// </summary>
    internal Func<ComputeGraph, int, AnalogChip> Chips(string model, AnalogPreset preset, ulong seed)
    {
        string? programming = PresetCodec.ProgrammingKey(preset);
        string? key = programming is null ? null : model + "\n" + programming;
        return (graph, c) =>
        {
            ulong chipSeed = seed + (ulong)c;
            if (key is not null && key == _chipsKey && _chips.TryGetValue(chipSeed, out var programmed))
            {
                ChipsReused++;
                return AnalogChip.Create(graph, preset, programmed);
            }

            if (key != _chipsKey)
            {
                _chips.Clear(); // before programming, so two chip sets are never held
                _chipsKey = key;
            }

            var chip = AnalogChip.Create(graph, preset, chipSeed);
            ChipsProgrammed++;
            if (key is not null)
            {
                var captured = chip.CaptureProgramming();
                if (_chips.Values.Sum(p => p.DeviceBytes) + captured.DeviceBytes <= MaxProgrammedBytes)
                {
                    _chips[chipSeed] = captured;
                }
            }

            return chip;
        };
    }

    /// <summary>
    /// What points that can share work have in common (model, data, programming key, first seed), for ordering them
    /// next to one another; null for an experiment that evaluates no accuracy.
    /// </summary>
    public static string? OrderKey(Experiment experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        if (!experiment.Metrics.Accuracy)
        {
            return null;
        }

        var request = ExperimentRunner.Request(experiment);
        return string.Join("\n", experiment.Model, PresetCodec.ProgrammingKey(AnalogEvaluation.Preset(request, null)), experiment.FirstSeed, DataKey(request));
    }

    private static T MostRecent<T>(List<(string Key, T Value)> entries, string key, Func<T> create)
    {
        int at = entries.FindIndex(e => e.Key == key);
        var value = at >= 0 ? entries[at].Value : create();
        if (at >= 0)
        {
            entries.RemoveAt(at);
        }
        else if (entries.Count == MaxData)
        {
            entries.RemoveAt(entries.Count - 1);
        }

        entries.Insert(0, (key, value));
        return value;
    }
}

/// <summary>An evaluation's prepared data: the evaluator (samples, imports, reference) and ONNX Runtime's accuracy and note.</summary>
internal sealed record EvaluationData(FidelityEvaluator Evaluator, double? ReferenceAccuracy, string? ReferenceNote);
