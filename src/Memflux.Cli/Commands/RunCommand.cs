using System.CommandLine;
using Memflux.Cli.Infrastructure;
using Spectre.Console;

namespace Memflux.Cli.Commands;

/// <summary>
/// <c>memflux run</c>: the main job. For now it inspects and verifies the bundled ResNet18 and exits 0 only when
/// Memflux matches ONNX Runtime within the default tolerance.
/// </summary>
internal sealed class RunCommand : Command
{
    private readonly CliContext _context;
    private readonly Option<bool> _json = CommonOptions.Json();

    public RunCommand(CliContext context)
        : base("run", "Inspect the bundled ResNet18 and verify Memflux against ONNX Runtime on it (batch 1, seed 0, tolerance 1e-4).")
    {
        _context = context;
        Options.Add(_json);
        SetAction(Run);
    }

    private int Run(ParseResult parse)
    {
        string path = BundledModels.RequireResNet18();
        var inspection = InspectCommand.Inspect(_context, path);
        var verification = Analysis.ModelVerifier.Verify(_context, path, batch: 1, seed: 0, VerifyCommand.DefaultTolerance);
        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, new { inspect = InspectCommand.ToJson(inspection), verify = VerifyCommand.ToJson(verification) });
        }
        else
        {
            InspectCommand.WriteTable(_context.OutConsole, inspection);
            _context.OutConsole.WriteLine("");
            VerifyCommand.WriteTable(_context.OutConsole, verification);
        }

        return verification.Passed ? ExitCodes.Success : ExitCodes.Failure;
    }
}
