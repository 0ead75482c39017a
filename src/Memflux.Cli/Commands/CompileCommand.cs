using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Memflux.Chip;
using Memflux.Chip.Analog;
using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;
using Memflux.Chip.Image;
using Memflux.Cli.Infrastructure;
using Memflux.Cli.Reporting;
using Memflux.Experiments;
using Memflux.Graph;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;

namespace Memflux.Cli.Commands;

/// <summary>
/// <c>memflux compile --model M --hw H [--chips auto|N] [--preset pcm] [--seed S] [--time 0s] -o chip.mfchip [--json]</c>:
/// maps a model onto crossbars, programs every device and writes the chip image (model, hardware, preset values, device
/// state). With <c>--chips</c> it first partitions the model over a system of chips (failing when too few hold it),
/// reports the chips and their tiles, and stores the hardware with that chip count; the analog state does not depend on
/// the partition, so the devices are programmed as one set either way.
/// </summary>
internal sealed class CompileCommand : Command
{
    private readonly CliContext _context;
    private readonly Option<string> _model = new("--model") { Description = $"The ONNX model: a file, resnet18, or a zoo name ({string.Join(", ", BundledModels.ZooNames)}). The image stores its bytes.", Required = true };
    private readonly Option<string> _hw = new("--hw") { Description = $"Hardware: a preset ({string.Join(", ", ChipPresets.Names)}) or a chip spec JSON file.", Required = true };
    private readonly Option<string?> _chips = CommonOptions.Chips();
    private readonly Option<string> _device = new("--preset", "--device") { Description = $"Analog preset (device and periphery): {string.Join(", ", AnalogPreset.All.Select(p => p.Name))}, or FILE.csv: a custom device from measured statistics (docs/devices.md) on the pcm preset's periphery, stored in the image. Its tiles take the size of the hardware's: (rows / rows_per_weight) x (cols / cols_per_weight) weights.", DefaultValueFactory = _ => "pcm" };
    private readonly Option<ulong> _seed = new("--seed") { Description = "Seed of the chip's programming noise, drift exponents and faults.", DefaultValueFactory = _ => 0 };
    private readonly Option<string> _time = new("--time") { Description = "Chip time to store the chip at, after programming at 0 (s, min, h, d, w, y).", DefaultValueFactory = _ => "0s" };
    private readonly Option<string> _output = new("--output", "-o") { Description = "The chip image to write (.mfchip).", Required = true };
    private readonly Option<string?> _report = ReportOutput.Option();
    private readonly Option<bool> _json = CommonOptions.Json();
    private readonly ModelShapeOptions _shapes;

    public CompileCommand(CliContext context)
        : base("compile", "Program a model onto a chip (devices, periphery, tiles sized by the hardware) and save the chip image: a versioned, checksummed .mfchip file that eval --chip loads without re-sampling.")
    {
        _context = context;
        Options.Add(_model);
        Options.Add(_hw);
        Options.Add(_chips);
        Options.Add(_device);
        Options.Add(_seed);
        Options.Add(_time);
        Options.Add(_output);
        _shapes = new ModelShapeOptions(this);
        Options.Add(_report);
        Options.Add(_json);
        SetAction(Run);
    }

    private const string StandaloneReason =
        "a chip image stores its model in one file, so compile takes only models with every tensor inside the .onnx file (save it without external data).";

    private int Run(ParseResult parse)
    {
        string modelArgument = parse.GetRequiredValue(_model), hwArgument = parse.GetRequiredValue(_hw), output = parse.GetRequiredValue(_output);
        SafeFile.CheckTarget(output, "the chip image");
        string? report = ReportOutput.Prepare(parse.GetValue(_report));
        double time = ChipTime.Parse(parse.GetRequiredValue(_time), "--time");
        var device = AnalogPreset.Get(parse.GetRequiredValue(_device));
        var hardware = ChipPresets.Resolve(hwArgument);
        var preset = HardwareTiles.Fit(device, hardware);
        string modelPath = BundledModels.ResolveModelPath(modelArgument);
        ulong seed = parse.GetValue(_seed);

        // The image stores the model, standing alone: copied from the file at save time (checked unchanged since the
        // import read it), or, with --shape or --dim, rewritten with the input shapes resolved here so that it reloads
        // without them.
        var start = Stopwatch.GetTimestamp();
        var import = _shapes.ToImportOptions(parse, PassPipeline.Default);
        ChipImageModel model;
        ComputeGraph graph;
        if (_shapes.AnyGiven(parse))
        {
            byte[] bytes = ModelFile.Read(modelPath);
            graph = _context.Step($"Importing {modelPath}", _ => OnnxImporter.LoadStandalone(bytes, modelPath, StandaloneReason, import));
            model = ChipImageModel.Of(OnnxModelRewriter.WithInputShapes(bytes, modelPath, graph.Inputs.ToDictionary(i => i.Name, i => i.Shape!.Dimensions.ToArray(), StringComparer.Ordinal)));
        }
        else
        {
            model = ChipImageModel.FromFile(ModelFile.Existing(modelPath));
            graph = _context.Step($"Importing {modelPath}", _ => OnnxImporter.LoadStandalone(modelPath, StandaloneReason, import));
        }

        SystemMapping? system = null;
        if (CommonOptions.ParseChips(parse.GetValue(_chips)) is { } chips)
        {
            // Batch 1 for the profile: the tiles, and so the chips, do not depend on how many vectors a run multiplies.
            system = _context.Step($"Partitioning over {chips} chip(s) of {hardware.Name}", _ => SystemCompiler.Compile(NetworkProfileBuilder.Build(graph, 1), new ChipModel(hardware), chips));
            hardware = hardware with { System = hardware.System is null ? null : hardware.System with { Chips = ChipCount.Exactly(system.ChipCount) } };
        }
        var chip = _context.Step($"Programming onto {preset.Tiles.Rows}x{preset.Tiles.Columns} tiles ({preset.Name})", _ => AnalogChip.Create(graph, preset, seed));
        if (time > 0)
        {
            chip.AdvanceTo(time);
        }

        double programSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long liveHeap = GC.GetTotalMemory(forceFullCollection: true); // what the programmed chip (and the model) keep alive
        var saveStart = Stopwatch.GetTimestamp();
        string modelName = File.Exists(modelArgument) ? Path.GetFileName(modelArgument) : modelArgument;
        string hwName = ChipPresets.Names.Contains(hwArgument, StringComparer.Ordinal) ? hwArgument : Path.GetFileName(hwArgument);
        long size = _context.Step($"Writing {output}", _ => ChipImage.Save(output, chip, model, modelName, hardware, hwName));
        double saveSeconds = Stopwatch.GetElapsedTime(saveStart).TotalSeconds;

        if (report is not null)
        {
            system ??= SystemCompiler.Compile(NetworkProfileBuilder.Build(graph, 1), new ChipModel(hardware), hardware.System?.Chips ?? ChipCount.Auto);
            ReportOutput.Write(_context, RunReport.Compile(parse, chip, system, modelName, modelPath, hwName), report);
        }

        // TileStates, not Tiles: asking for the tiles would complete the chip's pending read (every device read again).
        var summary = new CompileSummary(
            modelName, hwName, preset.Name, preset.Tiles.Rows, preset.Tiles.Columns, seed, time, chip.Layers.Count, chip.DigitalNodes.Count,
            chip.Layers.Sum(l => l.Matrices.Sum(m => m.TileCount)), chip.Layers.Sum(l => l.WeightCount),
            chip.Layers.Sum(l => l.Matrices.Sum(m => m.TileStates.Sum(t => t.DeviceCount))), Path.GetFullPath(output), size, programSeconds, saveSeconds,
            liveHeap, Process.GetCurrentProcess().PeakWorkingSet64, system?.ChipCount ?? 1, system?.Chips.Select(c => c.Utilisation.TilesNeeded).ToArray() ?? []);
        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, ToJson(summary));
            return ExitCodes.Success;
        }

        var c = CultureInfo.InvariantCulture;
        var o = _context.Out;
        o.WriteLine(string.Create(c, $"{summary.Model} on {summary.Hardware}, device preset {summary.Device}, {summary.TileRows}x{summary.TileColumns} tiles, seed {summary.Seed}, chip time {ChipTime.Format(summary.TimeSeconds)}"));
        o.WriteLine(string.Create(c, $"analog: {summary.Layers} layers, {Format.Count(summary.Tiles)} tiles, {Format.Count(summary.Weights)} weights on {Format.Count(summary.Devices)} devices; digital: {summary.DigitalNodes} nodes"));
        if (system is not null)
        {
            o.WriteLine(string.Create(c, $"system: {summary.Chips} chip(s) of {summary.Hardware}; tiles of one copy per chip: {string.Join(", ", summary.ChipTiles)} (of {new ChipModel(hardware).TotalTiles} each)"));
        }

        o.WriteLine(string.Create(c, $"wrote {summary.Path}: {Format.Count(summary.FileBytes)} bytes ({summary.FileBytes / 1048576.0:F1} MiB)"));
        o.WriteLine(string.Create(c, $"time: program {summary.ProgramSeconds:F2} s, write {summary.WriteSeconds:F2} s"));
        o.WriteLine(string.Create(c, $"memory: {summary.LiveHeapBytes / 1048576.0:F0} MiB managed heap live after programming, {summary.PeakWorkingSetBytes / 1048576.0:F0} MiB peak working set"));
        return ExitCodes.Success;
    }

    /// <summary>The JSON shape of the summary.</summary>
    public static object ToJson(CompileSummary s) => new
    {
        model = s.Model,
        hardware = s.Hardware,
        device = s.Device,
        tile_rows = s.TileRows,
        tile_columns = s.TileColumns,
        seed = s.Seed,
        time_s = s.TimeSeconds,
        analog_layers = s.Layers,
        digital_nodes = s.DigitalNodes,
        tiles = s.Tiles,
        weights = s.Weights,
        devices = s.Devices,
        path = s.Path,
        file_bytes = s.FileBytes,
        program_seconds = s.ProgramSeconds,
        write_seconds = s.WriteSeconds,
        live_heap_bytes = s.LiveHeapBytes,
        peak_working_set_bytes = s.PeakWorkingSetBytes,
        chips = s.Chips,
        chip_tiles = s.ChipTiles,
    };
}

/// <summary>What <c>memflux compile</c> reports.</summary>
internal sealed record CompileSummary(
    string Model, string Hardware, string Device, int TileRows, int TileColumns, ulong Seed, double TimeSeconds, int Layers, int DigitalNodes,
    int Tiles, long Weights, long Devices, string Path, long FileBytes, double ProgramSeconds, double WriteSeconds, long LiveHeapBytes, long PeakWorkingSetBytes,
    int Chips, long[] ChipTiles);
