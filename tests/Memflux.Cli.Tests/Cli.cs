using Memflux.Cli.Infrastructure;

namespace Memflux.Cli.Tests;

/// <summary>The result of one in-process run of the command line.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}

/// <summary>Runs <c>memflux</c> in process with captured stdout and stderr.</summary>
internal static class Cli
{
    public static CliResult Run(params string[] args) => Run(CliServices.Default, args);

    public static CliResult Run(CliServices services, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = Program.Run(args, output, error, services);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
