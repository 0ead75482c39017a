using System.CommandLine;
using Memflux.Cli.Infrastructure;
using Memflux.Experiments;
using Memflux.Numerics;

namespace Memflux.Cli.Commands;

/// <summary>
/// <c>memflux dev bert-base OUTPUT [--layers N] [--external-data] [--seed S]</c>: developer tools, hidden from the help;
/// today the generator of the BERT-base-shaped model that the import benchmark (<c>bench --import</c>) runs on.
/// </summary>
internal sealed class DevCommand : Command
{
    public DevCommand(CliContext context)
        : base("dev", "Developer tools: generate benchmark models.")
    {
        Hidden = true;
        Subcommands.Add(new BertBaseCommand(context));
    }

    private sealed class BertBaseCommand : Command
    {
        private readonly CliContext _context;
        private readonly Argument<string> _output = new("OUTPUT") { Description = "The .onnx file to write." };
        private readonly Option<int> _layers = new("--layers") { Description = "Encoder layers (BERT-base: 12; 72 make a model over 2 GB).", DefaultValueFactory = _ => 12 };
        private readonly Option<bool> _external = new("--external-data") { Description = "Write the weights to OUTPUT.data next to the model (needed over 2 GB)." };
        private readonly Option<int> _seed = new("--seed") { Description = "Seed of the random weights.", DefaultValueFactory = _ => 0 };

        public BertBaseCommand(CliContext context)
            : base("bert-base", "Write a BERT-base-shaped encoder with a tied MLM head (sequence 128, hidden 768, 12 heads, FFN 3072, vocabulary 30522; 108.6 M fp32 weights, 434 MB at 12 layers) built from ops Memflux supports.")
        {
            _context = context;
            Arguments.Add(_output);
            _layers.AddAtLeastOne();
            Options.Add(_layers);
            Options.Add(_external);
            Options.Add(_seed);
            SetAction(Run);
        }

        private int Run(ParseResult parse)
        {
            string output = parse.GetRequiredValue(_output);
            SafeFile.CheckTarget(output, "the ONNX model");
            var shape = new BertShape(Layers: parse.GetValue(_layers));
            bool external = parse.GetValue(_external);
            _context.Step($"Writing {output}", _ =>
            {
                BertBaseModel.Write(output, shape, parse.GetValue(_seed), external);
                return output;
            });
            _context.Out.WriteLine($"wrote {output}{(external ? $" and {output}.data" : "")}: {Format.Count(shape.WeightCount)} weights ({shape.WeightCount * 4 / 1e6:F1} MB), {shape.Layers} layers");
            return ExitCodes.Success;
        }
    }
}
