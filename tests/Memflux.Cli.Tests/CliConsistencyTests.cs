using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Memflux.Cli.Infrastructure;

namespace Memflux.Cli.Tests;

/// <summary>
/// One command line: every verb has <c>--json</c>, <c>--quiet</c> silences progress, progress lines carry an ETA, and on
/// a real terminal the live displays (a bar with steps inside it) do not collide.
/// </summary>
public sealed class CliConsistencyTests : IDisposable
{
    private static readonly string[] Evaluation = ["eval", "--model", "fashion-cnn", "--dataset", "fashion-mnist", "--limit", "50", "--seeds", "1", "--times", "1s"];

    private readonly string _dir = Directory.CreateTempSubdirectory("memflux-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Every_verb_that_does_something_has_json()
    {
        var root = Program.CreateRootCommand(new CliContext(TextWriter.Null, TextWriter.Null, CliServices.Default), new Option<bool>("--verbose"));
        var missing = Verbs(root, "memflux").Where(v => !v.Hidden && v.Command.Action is not null && !v.Command.Options.Any(o => o.Name == "--json")).Select(v => v.Path).ToArray();
        Assert.Empty(missing);
    }

    [Fact]
    public void Quiet_prints_no_progress_and_without_it_progress_lines_reach_100_percent()
    {
        var plain = Cli.Run(Evaluation);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("evaluating: 100% (", plain.Err, StringComparison.Ordinal);
        Assert.Contains("Loading", plain.Err, StringComparison.Ordinal); // a step line

        var quiet = Cli.Run([.. Evaluation, "--quiet"]);
        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.DoesNotContain("evaluating", quiet.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Loading", quiet.Err, StringComparison.Ordinal);
        Assert.Equal(WithoutTime(plain.Out), WithoutTime(quiet.Out));
    }

    [Fact]
    public void Progress_lines_come_at_most_every_five_seconds_with_a_linear_eta()
    {
        var now = TimeSpan.Zero;
        using var error = new StringWriter();
        var lines = new ProgressLines(error, "evaluating", 10, () => now);
        lines.Update(1, "chip 1/2"); // no ETA from a rate measured over less than a second
        now = TimeSpan.FromSeconds(2);
        lines.Update(2); // within 5 s of the last line: nothing
        now = TimeSpan.FromSeconds(6);
        lines.Update(4, "chip 2/2"); // 40% in 6 s: 9 s to go
        now = TimeSpan.FromSeconds(7);
        lines.Update(10); // the end always prints
        Assert.Equal(
            [
                "evaluating: 10% (1/10), 0.0 s elapsed — chip 1/2",
                "evaluating: 40% (4/10), 6.0 s elapsed, ETA 9.0 s — chip 2/2",
                "evaluating: 100% (10/10), 7.0 s elapsed",
            ],
            error.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Eval_on_a_real_terminal_shows_its_bar_and_steps_without_colliding()
    {
        // Spectre allows one live display at a time: eval's progress bar with the import step's spinner inside it used
        // to fail with "Trying to run one or more interactive functions concurrently" on a terminal (never in tests,
        // whose stderr is not one). util-linux `script` gives the process a pseudo-terminal.
        Assert.True(File.Exists("/usr/bin/script"), "util-linux 'script' is needed for the terminal test (Debian: bsdutils)");
        string memflux = string.Join(' ', ((string[])["dotnet", Path.Combine(AppContext.BaseDirectory, "memflux.dll"), .. Evaluation]).Select(a => $"'{a}'"));
        var start = new ProcessStartInfo("/usr/bin/script") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])["-q", "-e", "-c", memflux, "/dev/null"])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string terminal = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{terminal}\n{await stderr}");
        Assert.DoesNotContain("internal error", terminal, StringComparison.Ordinal);
        Assert.Contains("Top-1", terminal, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("inspect")]
    [InlineData("verify")]
    public void Model_is_the_argument_or_model_as_in_eval_but_not_both_and_not_neither(string verb)
    {
        var argument = Cli.Run(verb, "mnist-mlp", "--json", "-q");
        var option = Cli.Run(verb, "--model", "mnist-mlp", "--json", "-q");
        Assert.True(option.ExitCode == 0, option.ToString());
        Assert.Equal(WithoutTime(argument.Out), WithoutTime(option.Out));

        var both = Cli.Run(verb, "mnist-mlp", "--model", "fashion-cnn");
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("given twice", both.Err, StringComparison.Ordinal);
        var neither = Cli.Run(verb);
        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("give the model as the argument or as --model", neither.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Hw_validate_json_says_valid_and_names_the_chip()
    {
        string path = Path.Combine(_dir, "hermes.json");
        File.WriteAllText(path, Memflux.Chip.Hardware.ChipPresets.Json("hermes"));
        var result = Cli.Run("hw", "validate", path, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var root = JsonDocument.Parse(result.Out).RootElement;
        Assert.True(root.GetProperty("valid").GetBoolean());
        Assert.Equal("hermes", root.GetProperty("name").GetString());
        Assert.Equal(64, root.GetProperty("cores").GetInt32());
    }

    [Fact]
    public void Compile_takes_preset_like_eval_and_still_takes_device()
    {
        foreach (string name in (string[])["--preset", "--device"])
        {
            string image = Path.Combine(_dir, $"chip{name}.mfchip");
            var result = Cli.Run("compile", "--model", "mnist-mlp", "--hw", "hermes", name, "rram", "-o", image, "--json", "-q");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("rram", JsonDocument.Parse(result.Out).RootElement.GetProperty("device").GetString());
        }
    }

    [Fact]
    public void Sweep_slurm_and_merge_write_json()
    {
        string sweep = Path.Combine(_dir, "s.json");
        File.WriteAllText(sweep, """
            {
              "experiment": { "model": "fashion-cnn", "inputs": { "random": 1 }, "metrics": { "accuracy": false, "estimate": true } },
              "axes": { "hardware.preset": ["hermes", "isaac"] }
            }
            """);
        var slurm = Cli.Run("sweep", "slurm", sweep, "--shards", "2", "-o", Path.Combine(_dir, "slurm"), "--json");
        Assert.True(slurm.ExitCode == 0, slurm.ToString());
        var script = JsonDocument.Parse(slurm.Out).RootElement;
        Assert.Equal(2, script.GetProperty("shards").GetInt32());
        Assert.True(File.Exists(script.GetProperty("script").GetString()));

        string a = Path.Combine(_dir, "a.db"), all = Path.Combine(_dir, "all.db");
        Assert.Equal(0, Cli.Run("sweep", sweep, "-o", a, "--shard", "0/2", "-q").ExitCode);
        var merge = Cli.Run("sweep", "merge", a, "-o", all, "--json");
        Assert.True(merge.ExitCode == 0, merge.ToString());
        var merged = JsonDocument.Parse(merge.Out).RootElement;
        Assert.Equal(1, merged.GetProperty("points").GetInt32());
        Assert.Equal(1, merged.GetProperty("merged")[0].GetProperty("added").GetInt32());
    }

    private static string WithoutTime(string output) => string.Join('\n', output.ReplaceLineEndings("\n").Split('\n').Where(l => !l.StartsWith("time: ", StringComparison.Ordinal)));

    /// <summary>Every command under <paramref name="command"/>; hidden when it or a parent is (the developer verb <c>dev</c>).</summary>
    private static IEnumerable<(string Path, Command Command, bool Hidden)> Verbs(Command command, string path, bool hidden = false)
    {
        yield return (path, command, hidden || command.Hidden);
        foreach (var sub in command.Subcommands)
        {
            foreach (var verb in Verbs(sub, $"{path} {sub.Name}", hidden || command.Hidden))
            {
                yield return verb;
            }
        }
    }
}
