namespace Memflux.Report;

/// <summary>
/// Everything a report shows, as plain data: the header and one figure per section. A section a verb cannot fill is
/// null and listed in <see cref="Omitted"/> with the reason. <see cref="ReportWriter"/> renders it as report.html and
/// serialises it, as it is, to report.json, so every number the page prints is in the JSON at the path its
/// <c>data-key</c> names.
/// </summary>
/// <param name="Header">What was run, on what, and how to run it again.</param>
/// <param name="Accuracy">Accuracy (or fidelity) over time after programming.</param>
/// <param name="LayerErrors">Per-layer output error.</param>
/// <param name="Cost">Energy and area by component, and the digital baseline.</param>
/// <param name="Floorplan">Each core's layers and utilisation, and the chip links.</param>
/// <param name="Timeline">Which resource is busy when.</param>
/// <param name="Devices">Programmed conductance error and drift exponent of one tile.</param>
/// <param name="Omitted">Sections left out, each with why.</param>
public sealed record ReportModel(
    ReportHeader Header,
    AccuracyFigure? Accuracy,
    LayerErrorFigure? LayerErrors,
    CostFigure? Cost,
    FloorplanFigure? Floorplan,
    TimelineFigure? Timeline,
    DeviceFigure? Devices,
    IReadOnlyList<OmittedSection> Omitted);

/// <summary>A section the report leaves out.</summary>
/// <param name="Section">The section's title.</param>
/// <param name="Reason">Why the run cannot fill it.</param>
public sealed record OmittedSection(string Section, string Reason);

/// <summary>What was run, on what, and how to run it again.</summary>
/// <param name="Verb">The memflux verb.</param>
/// <param name="Model">The model's name or path.</param>
/// <param name="ModelSha256">SHA-256 of the model file's bytes (lower-case hex).</param>
/// <param name="Chip">The hardware preset or spec (null when the verb used none).</param>
/// <param name="Device">The analog device preset (null when the verb used none).</param>
/// <param name="Settings">Every value that differs from the verb's defaults, and the values the presets were changed by.</param>
/// <param name="Seeds">The seeds used (one per programmed chip).</param>
/// <param name="Version">Memflux's version.</param>
/// <param name="Commit">The commit Memflux was built from ("unknown" when the build did not record it).</param>
/// <param name="Command">The command line that reproduces the report.</param>
/// <param name="Experiment">The experiment file the run came from, embedded (null when the run had none).</param>
public sealed record ReportHeader(
    string Verb,
    string Model,
    string ModelSha256,
    string? Chip,
    string? Device,
    IReadOnlyList<ReportSetting> Settings,
    IReadOnlyList<ulong> Seeds,
    string Version,
    string Commit,
    string Command,
    EmbeddedFile? Experiment);

/// <summary>A named setting and its value as the user would write it.</summary>
/// <param name="Name">The setting.</param>
/// <param name="Value">Its value.</param>
public sealed record ReportSetting(string Name, string Value);

/// <summary>A file embedded in the report.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Text">Its contents.</param>
public sealed record EmbeddedFile(string Name, string Text);

/// <summary>A metric over time after programming, mean and 95% confidence half-width over chips, per series.</summary>
/// <param name="Metric">The metric's name (e.g. "top-1 accuracy").</param>
/// <param name="TimesSeconds">Times after programming (s), increasing.</param>
/// <param name="Series">One per configuration (drift compensation on, off).</param>
/// <param name="Reference">The digital reference's value (null when it has none, e.g. a fidelity metric).</param>
/// <param name="ReferenceName">Where the reference comes from.</param>
/// <param name="Chips">Chips per point.</param>
/// <param name="Samples">Samples per chip and time.</param>
public sealed record AccuracyFigure(
    string Metric,
    IReadOnlyList<double> TimesSeconds,
    IReadOnlyList<MetricSeries> Series,
    double? Reference,
    string ReferenceName,
    int Chips,
    int Samples);

/// <summary>One curve of an <see cref="AccuracyFigure"/>.</summary>
/// <param name="Name">Its legend.</param>
/// <param name="Mean">Mean over chips, per time.</param>
/// <param name="Ci95">Half-width of the 95% confidence interval, per time (null where it cannot be estimated, e.g. one chip).</param>
public sealed record MetricSeries(string Name, IReadOnlyList<double> Mean, IReadOnlyList<double?> Ci95);

/// <summary>Each analog layer's output error against the digital reference at one time.</summary>
/// <param name="TimeSeconds">The time after programming.</param>
/// <param name="Samples">Samples the errors are measured on.</param>
/// <param name="Layers">In graph order.</param>
public sealed record LayerErrorFigure(double TimeSeconds, int Samples, IReadOnlyList<LayerErrorBar> Layers);

/// <summary>One layer's relative RMS output error.</summary>
/// <param name="Layer">The layer.</param>
/// <param name="Propagated">With every earlier layer analog too (what the network sees).</param>
/// <param name="Isolated">With exact inputs (the layer's own contribution).</param>
public sealed record LayerErrorBar(string Layer, double Propagated, double Isolated);

/// <summary>Energy per inference and area by component, beside the digital baseline.</summary>
/// <param name="AnalogEnergyJ">The analog chip's energy per inference by component (J).</param>
/// <param name="DigitalEnergyJ">The digital baseline's energy per inference by component (J).</param>
/// <param name="DigitalBaseline">What the baseline is.</param>
/// <param name="AreaMm2">The analog chip's area by component (mm²).</param>
/// <param name="BaselineRatio">Digital baseline energy / analog energy.</param>
public sealed record CostFigure(
    IReadOnlyList<CostComponent> AnalogEnergyJ,
    IReadOnlyList<CostComponent> DigitalEnergyJ,
    string DigitalBaseline,
    IReadOnlyList<CostComponent> AreaMm2,
    double BaselineRatio);

/// <summary>A component's share.</summary>
/// <param name="Name">The component.</param>
/// <param name="Value">Its value, in the unit its list names.</param>
public sealed record CostComponent(string Name, double Value);

/// <summary>Where the layers sit: each chip's core mesh with each core's tiles used, and the chip-to-chip traffic.</summary>
/// <param name="MeshRows">Core mesh rows per chip.</param>
/// <param name="MeshColumns">Core mesh columns per chip.</param>
/// <param name="TilesPerCore">Crossbar tiles per core.</param>
/// <param name="Layers">The analog layers, by the index cores name them with.</param>
/// <param name="Chips">Per chip, its cores.</param>
/// <param name="Links">Traffic between chips (empty on one chip).</param>
public sealed record FloorplanFigure(int MeshRows, int MeshColumns, int TilesPerCore, IReadOnlyList<string> Layers, IReadOnlyList<FloorplanChip> Chips, IReadOnlyList<ChipLinkTraffic> Links);

/// <summary>One chip's cores.</summary>
/// <param name="Chip">Its index.</param>
/// <param name="Cores">Every core of the chip, by index.</param>
public sealed record FloorplanChip(int Chip, IReadOnlyList<CoreUse> Cores)
{
    /// <summary>Cores with at least one tile used.</summary>
    public int CoresUsed => Cores.Count(c => c.TilesUsed > 0);

    /// <summary>Tiles used on the chip.</summary>
    public long TilesUsed => Cores.Sum(c => (long)c.TilesUsed);
}

/// <summary>One core.</summary>
/// <param name="Core">Its index (row-major in the mesh).</param>
/// <param name="TilesUsed">Tiles holding weights.</param>
/// <param name="Utilisation">TilesUsed / tiles per core.</param>
/// <param name="Layers">Indices of the layers with tiles on it.</param>
public sealed record CoreUse(int Core, int TilesUsed, double Utilisation, IReadOnlyList<int> Layers);

/// <summary>Data one chip sends another per inference.</summary>
/// <param name="FromChip">Sender.</param>
/// <param name="ToChip">Receiver.</param>
/// <param name="BitsPerInference">Bits per inference.</param>
public sealed record ChipLinkTraffic(int FromChip, int ToChip, double BitsPerInference);

/// <summary>Which resource is busy when while a batch streams through the chip.</summary>
/// <param name="Resources">The resources (tiles of a layer, a core's digital units, a link), one row each.</param>
/// <param name="Intervals">Busy intervals.</param>
/// <param name="Bottleneck">The busiest resource (the initiation interval's), one of <paramref name="Resources"/>.</param>
/// <param name="MakespanNs">Last output of the batch (ns).</param>
/// <param name="Batch">Images in the batch.</param>
/// <param name="OtherBusyResources">Busy resources left out of the chart (only the busiest are drawn), 0 when none.</param>
public sealed record TimelineFigure(IReadOnlyList<string> Resources, IReadOnlyList<BusyInterval> Intervals, string Bottleneck, double MakespanNs, int Batch, int OtherBusyResources = 0);

/// <summary>A resource busy from <paramref name="StartNs"/> to <paramref name="EndNs"/>.</summary>
/// <param name="Resource">Index into <see cref="TimelineFigure.Resources"/>.</param>
/// <param name="StartNs">Start (ns).</param>
/// <param name="EndNs">End (ns).</param>
public sealed record BusyInterval(int Resource, double StartNs, double EndNs);

/// <summary>Device statistics of one tile right after programming.</summary>
/// <param name="Tile">Which tile (layer and index).</param>
/// <param name="Devices">Devices counted.</param>
/// <param name="ConductanceError">Programmed minus target conductance (µS).</param>
/// <param name="DriftExponent">The drift exponent ν drawn for each device.</param>
public sealed record DeviceFigure(string Tile, int Devices, Histogram ConductanceError, Histogram DriftExponent);
