using Memflux.Cli.Oracle;
using Memflux.Experiments;
using Spectre.Console;

namespace Memflux.Cli.Infrastructure;

/// <summary>What a command needs from its surroundings: output writers, consoles, and replaceable services.</summary>
internal sealed class CliContext : IExperimentHost
{
    /// <summary>Width used for tables and help when the output is not a terminal, so that text is the same everywhere.</summary>
    public const int FixedWidth = 120;

    public CliContext(TextWriter output, TextWriter error, CliServices services)
    {
        Out = output;
        Err = error;
        Services = services;
        bool outTerminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        bool errTerminal = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        OutConsole = CreateConsole(output, outTerminal);
        ErrorConsole = CreateConsole(error, errTerminal);
        OutIsTerminal = outTerminal;
        ErrIsTerminal = errTerminal;
    }

    /// <summary>Standard output: results (tables or JSON).</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error: errors, notes and progress.</summary>
    public TextWriter Err { get; }

    /// <summary>Spectre console on <see cref="Out"/>.</summary>
    public IAnsiConsole OutConsole { get; }

    /// <summary>Spectre console on <see cref="Err"/>; progress goes here so that stdout stays pure.</summary>
    public IAnsiConsole ErrorConsole { get; }

    public bool OutIsTerminal { get; }

    public bool ErrIsTerminal { get; }

    public CliServices Services { get; }

    /// <summary>True when <c>--verbose</c> was given.</summary>
    public bool Verbose { get; set; }

    /// <summary>Runs <paramref name="work"/> under a spinner on stderr when stderr is a terminal; otherwise just runs it.</summary>
    public T Step<T>(string what, Func<Action<string>, T> work)
    {
        if (ErrIsTerminal)
        {
            return ErrorConsole.Status().Start(Markup.Escape(what), ctx => work(s => ctx.Status(Markup.Escape(s))));
        }

        if (Verbose)
        {
            Err.WriteLine(what);
        }

        return work(_ => { });
    }

    /// <summary>A note on stderr (never on stdout, so that JSON output stays pure).</summary>
    public void Note(string message) => Err.WriteLine(message);

    /// <inheritdoc/>
    public IModelRunner CreateReferenceRunner(byte[] model, string source, bool allowSpinning) => Services.CreateOrtRunner(model, source, allowSpinning);

    /// <inheritdoc/>
    public IModelRunner OpenReferenceRunner(string path, bool allowSpinning) => OrtRunner.Open(path, allowSpinning);

    private static IAnsiConsole CreateConsole(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = FixedWidth;
        }

        return console;
    }
}
