using System.Globalization;
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

    /// <summary>True when <c>--quiet</c> was given: no progress (spinners, bars, progress lines); notes and errors stay.</summary>
    public bool Quiet { get; set; }

    // While a spinner or progress bar is live on the terminal, what sets its text: Spectre allows one live display at a
    // time, so a step inside another step (or inside a tracked task) shows in the live one instead of starting its own.
    private Action<string>? _live;

    /// <summary>
    /// Runs <paramref name="work"/> as one step: under a spinner on stderr when stderr is a terminal, after a line naming
    /// it when it is not; silently with <c>--quiet</c>.
    /// </summary>
    public T Step<T>(string what, Func<Action<string>, T> work)
    {
        if (Quiet)
        {
            return work(_ => { });
        }

        if (!ErrIsTerminal)
        {
            Err.WriteLine(what);
            return work(_ => { });
        }

        if (_live is { } live)
        {
            live(what);
            return work(s => live($"{what}: {s}"));
        }

        return ErrorConsole.Status().Start(Markup.Escape(what), ctx => WhileLive(s => ctx.Status(Markup.Escape(s)), () => work(s => ctx.Status(Markup.Escape(s)))));
    }

    /// <summary>
    /// Runs <paramref name="work"/>, which reports (done, total, what is running) as it goes: a progress bar with the
    /// elapsed and remaining time on a terminal, <see cref="ProgressLines"/> (every 5 s, with an ETA) otherwise, nothing
    /// with <c>--quiet</c>.
    /// </summary>
    public T Track<T>(string what, Func<Action<double, double, string?>, T> work)
    {
        if (Quiet)
        {
            return work((_, _, _) => { });
        }

        if (!ErrIsTerminal)
        {
            ProgressLines? lines = null;
            return work((done, total, detail) => (lines ??= ProgressLines.Started(Err, what, total)).Update(done, detail));
        }

        if (_live is { } outer)
        {
            return work((done, total, detail) => outer(string.Create(CultureInfo.InvariantCulture, $"{what}: {done / total:P0}{(detail is null ? "" : $" — {detail}")}")));
        }

        T result = default!;
        ErrorConsole.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(what), autoStart: true, maxValue: 1);
                result = WhileLive(s => task.Description = Markup.Escape($"{what}: {s}"), () => work((done, total, detail) =>
                {
                    task.MaxValue = total;
                    task.Value = done;
                    if (detail is not null)
                    {
                        task.Description = Markup.Escape($"{what}: {detail}");
                    }
                }));
            });
        return result;
    }

    private T WhileLive<T>(Action<string> setText, Func<T> work)
    {
        _live = setText;
        try
        {
            return work();
        }
        finally
        {
            _live = null;
        }
    }

    /// <summary>A progress line on stderr (a sweep's finished point, a training epoch); none with <c>--quiet</c>.</summary>
    public void Progress(string line)
    {
        if (!Quiet)
        {
            Err.WriteLine(line);
        }
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
