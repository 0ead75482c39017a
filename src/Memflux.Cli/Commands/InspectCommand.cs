using System.CommandLine;
using Memflux.Cli.Infrastructure;
using Memflux.Experiments;
using Memflux.Graph.Passes;
using Memflux.Onnx;
using Spectre.Console;

namespace Memflux.Cli.Commands;

/// <summary><c>memflux inspect MODEL [--json]</c>: per-layer shapes, parameters and MACs, and totals.</summary>
internal sealed class InspectCommand : Command
{
    private readonly CliContext _context;
    private readonly (Argument<string?> Argument, Option<string?> Option) _model = CommonOptions.ModelArgumentOrOption();
    private readonly Option<bool> _json = CommonOptions.Json();

    private readonly Option<int?> _batch = new("--batch")
    {
        Description = "Batch size: the first dimension of every graph input, static or not (default: the model's static batch, else 1; MACs scale with it).",
    };

    private readonly ModelShapeOptions _shapes;

    public InspectCommand(CliContext context)
        : base("inspect", "Show each layer of a model: op, name, input and output shapes, parameters and MACs, with totals.")
    {
        _context = context;
        Arguments.Add(_model.Argument);
        Options.Add(_model.Option);
        _batch.AddAtLeastOne();
        Options.Add(_batch);
        _shapes = new ModelShapeOptions(this, _batch);
        Options.Add(_json);
        SetAction(Run);
    }

    /// <summary>Imports and inspects <paramref name="path"/> (shape inference included) with <paramref name="import"/>'s shapes.</summary>
    public static InspectionReport Inspect(CliContext context, string path, ImportOptions? import = null)
    {
        var graph = context.Step($"Importing {path}", _ => ModelFile.Import(path, import));
        return ModelInspector.Inspect(graph, path);
    }

    /// <summary>Writes the report as a table with totals.</summary>
    public static void WriteTable(IAnsiConsole console, InspectionReport report)
    {
        console.WriteLine($"Model:   {report.Model} (opset {report.Opset})");
        console.WriteLine($"Inputs:  {string.Join(", ", report.GraphInputs)}");
        console.WriteLine($"Outputs: {string.Join(", ", report.GraphOutputs)}");
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("#");
        table.AddColumn("op");
        table.AddColumn("name");
        table.AddColumn("inputs");
        table.AddColumn("outputs");
        table.AddColumn(new TableColumn("parameters").RightAligned());
        table.AddColumn(new TableColumn("MACs").RightAligned());
        for (int i = 0; i < report.Layers.Count; i++)
        {
            var l = report.Layers[i];
            table.AddRow(
                Markup.Escape(i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Markup.Escape(UntrustedText.Clean(l.Op)),
                Markup.Escape(UntrustedText.Clean(l.Name)),
                Markup.Escape(Format.Shapes(l.Inputs)),
                Markup.Escape(Format.Shapes(l.Outputs)),
                Format.Count(l.Parameters),
                Format.Count(l.Macs));
        }

        console.Write(table);
        console.WriteLine($"Total: {Format.Count(report.Parameters)} parameters, {Format.Count(report.Macs)} MACs in {report.Layers.Count} layers.");
    }

    /// <summary>The JSON shape of the report.</summary>
    public static object ToJson(InspectionReport r) => new
    {
        model = r.Model,
        opset = r.Opset,
        parameters = r.Parameters,
        macs = r.Macs,
        inputs = r.GraphInputs,
        outputs = r.GraphOutputs,
        layers = r.Layers.Select(l => new { op = l.Op, name = l.Name, inputs = l.Inputs, outputs = l.Outputs, parameters = l.Parameters, macs = l.Macs }),
    };

    private int Run(ParseResult parse)
    {
        string path = BundledModels.ResolveModelPath(parse.GetModel(_model));
        var report = Inspect(_context, path, _shapes.ToImportOptions(parse, PassPipeline.InferOnly));
        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, ToJson(report));
        }
        else
        {
            WriteTable(_context.OutConsole, report);
        }

        return ExitCodes.Success;
    }
}
