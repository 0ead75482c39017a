using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Memflux.Cli.Commands;
using Memflux.Cli.Infrastructure;
using Memflux.Numerics;

namespace Memflux.Cli;

/// <summary>Entry point of the <c>memflux</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line on the process's stdout and stderr; returns the exit code.</summary>
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>
    /// Runs the command line in process, writing results to <paramref name="output"/> and errors, notes and progress to
    /// <paramref name="error"/>. Returns <see cref="ExitCodes.Success"/>, <see cref="ExitCodes.Failure"/> (a check failed,
    /// or an internal error) or <see cref="ExitCodes.UserError"/> (bad arguments or input).
    /// </summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error) => Run(args, output, error, CliServices.Default);

    internal static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, CliServices services)
    {
        var context = new CliContext(output, error, services);
        var verbose = new Option<bool>("--verbose") { Description = "On an error, show the stack trace.", Recursive = true };
        var root = CreateRootCommand(context, verbose);
        var quiet = root.Options.OfType<Option<bool>>().Single(o => o.Name == QuietName);
        var maxMemory = root.Options.OfType<Option<string?>>().Single(o => o.Name == MaxMemoryName);
        var parse = root.Parse(args);
        context.Verbose = parse.GetValue(verbose);
        context.Quiet = parse.GetValue(quiet);
        using var budget = parse.Errors.Count == 0 && parse.GetValue(maxMemory) is { } size ? MemoryBudget.Use(MemoryBudget.Parse(size, MaxMemoryName)) : null;
        if (parse.Action is ParseErrorAction)
        {
            foreach (var e in parse.Errors)
            {
                error.WriteLine($"error: {UntrustedText.Clean(NamingTheOption(e))}");
            }

            error.WriteLine($"Run '{CommandPath(parse)} --help' for usage.");
            return ExitCodes.UserError;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (MemfluxException e)
        {
            error.WriteLine($"error: {UntrustedText.Clean(e.Message)}");
            WriteTrace(error, e, context.Verbose);
            return ExitCodes.UserError;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            string path = (e as FileNotFoundException)?.FileName ?? e.Message;
            error.WriteLine($"error: file not found: {UntrustedText.Clean(path)}");
            WriteTrace(error, e, context.Verbose);
            return ExitCodes.UserError;
        }
        catch (Exception e)
        {
            // The outermost frame: anything that is not a user error is a bug, reported as one.
            error.WriteLine($"internal error: {e.GetType().Name}: {UntrustedText.Clean(e.Message)}");
            error.WriteLine(context.Verbose ? e.ToString() : "Run again with --verbose for the stack trace, and please report it.");
            return ExitCodes.Failure;
        }
        finally
        {
            output.Flush();
            error.Flush();
        }
    }

    /// <summary>The root command with every verb; <paramref name="verbose"/> is the global <c>--verbose</c>.</summary>
    internal static RootCommand CreateRootCommand(CliContext context, Option<bool> verbose)
    {
        var root = new RootCommand("Memflux: design and evaluate analog in-memory-computing accelerators for neural networks.")
        {
            HelpName = "memflux",
        };
        root.Options.Add(verbose);
        root.Options.Add(new Option<bool>(QuietName, "-q") { Description = "No progress on stderr (spinners, progress bars, progress lines); results, notes and errors still print.", Recursive = true });
        root.Options.Add(MaxMemoryOption());
        root.Subcommands.Add(new RunCommand(context));
        root.Subcommands.Add(new InitCommand(context));
        root.Subcommands.Add(new InspectCommand(context));
        root.Subcommands.Add(new VerifyCommand(context));
        root.Subcommands.Add(new BenchCommand(context));
        root.Subcommands.Add(new TrainCommand(context));
        root.Subcommands.Add(new AccuracyCommand(context));
        root.Subcommands.Add(new EvalCommand(context));
        root.Subcommands.Add(new HwCommand(context));
        root.Subcommands.Add(new CompileCommand(context));
        root.Subcommands.Add(new EstimateCommand(context));
        root.Subcommands.Add(new SweepCommand(context));
        root.Subcommands.Add(new DevCommand(context));
        if (!context.OutIsTerminal)
        {
            foreach (var help in root.Options.OfType<HelpOption>())
            {
                if (help.Action is HelpAction action)
                {
                    action.MaxWidth = CliContext.FixedWidth;
                }
            }
        }

        return root;
    }

    private const string MaxMemoryName = "--max-memory";

    private const string QuietName = "--quiet";

    /// <summary><c>--max-memory SIZE</c>: the tensor-size budget of this run (<see cref="MemoryBudget"/>).</summary>
    private static Option<string?> MaxMemoryOption()
    {
        var maxMemory = new Option<string?>(MaxMemoryName)
        {
            Description = "The most memory one tensor may take: 512M, 16G, 1T or a percentage (default: 75% of the memory available). A larger shape is an error when the model is imported.",
            Recursive = true,
        };
        maxMemory.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1)
            {
                try
                {
                    MemoryBudget.Parse(r.Tokens[0].Value, MaxMemoryName);
                }
                catch (MemfluxException e)
                {
                    r.AddError(e.Message);
                }
            }
        });
        return maxMemory;
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var c = parse.CommandResult; c is not null; c = c.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(c.Command is RootCommand ? "memflux" : c.Command.Name);
        }

        names.Reverse();
        return string.Join(" ", names);
    }

    /// <summary>
    /// The parse error's message, led by the option it is about unless it names it already: System.CommandLine's
    /// "Argument 'x' not recognized. Must be one of: ..." for a value outside an option's choices does not.
    /// </summary>
    private static string NamingTheOption(ParseError e)
    {
        var option = e.SymbolResult switch
        {
            OptionResult r => r.Option,
            ArgumentResult { Parent: OptionResult r } => r.Option,
            _ => null,
        };
        return option is null || e.Message.Contains(option.Name, StringComparison.Ordinal) ? e.Message : $"{option.Name}: {e.Message}";
    }

    private static void WriteTrace(TextWriter error, Exception e, bool verbose)
    {
        if (verbose)
        {
            error.WriteLine(e.ToString());
        }
    }
}
