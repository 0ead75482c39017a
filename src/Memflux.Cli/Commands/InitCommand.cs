using System.CommandLine;
using System.Text;
using Memflux.Cli.Infrastructure;
using Memflux.Experiments;
using Memflux.Numerics;

namespace Memflux.Cli.Commands;

/// <summary><c>memflux init [PATH]</c>: writes a commented starting experiment file (the bundled demo spelled out).</summary>
internal sealed class InitCommand : Command
{
    /// <summary>The file written when no PATH is given.</summary>
    public const string DefaultPath = "experiment.json";

    private readonly CliContext _context;
    private readonly Argument<string> _path = new("PATH")
    {
        Description = $"Where to write the experiment file (default: {DefaultPath}); an existing file is not replaced.",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => DefaultPath,
    };

    private readonly Option<bool> _json = CommonOptions.Json();

    public InitCommand(CliContext context)
        : base("init", "Write a commented starting experiment file for 'memflux run FILE' (as written, it is the bundled demo).")
    {
        _context = context;
        Arguments.Add(_path);
        Options.Add(_json);
        SetAction(Run);
    }

    private int Run(ParseResult parse)
    {
        string path = parse.GetRequiredValue(_path);
        SafeFile.CheckTarget(path, "the experiment file");
        if (File.Exists(path) || SafeFile.FileKind(Path.GetFullPath(path)) is not null)
        {
            throw new MemfluxException($"{path}: already exists; memflux init does not replace a file (remove it or give another PATH).");
        }

        SafeFile.WriteAllBytes(path, "the experiment file", Encoding.UTF8.GetBytes(ExperimentTemplate.Text));
        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, new { path = Path.GetFullPath(path) });
        }
        else
        {
            _context.Out.WriteLine($"wrote {Path.GetFullPath(path)}; edit it, then: memflux run {path}");
        }

        return ExitCodes.Success;
    }
}
