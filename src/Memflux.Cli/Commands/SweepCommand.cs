using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Memflux.Cli.Infrastructure;
using Memflux.Numerics;
using Memflux.Sweeps;

namespace Memflux.Cli.Commands;

/// <summary>
/// <c>memflux sweep FILE [-o DB] [--shard i/N]</c> runs a design-space sweep into a SQLite database, resuming what is
/// there; <c>sweep slurm</c> writes (and submits) the job array; <c>sweep merge</c> joins shard databases;
/// <c>sweep report</c> summarises a database (docs/sweeps.md).
/// </summary>
internal sealed class SweepCommand : Command
{
    private readonly CliContext _context;
    private readonly Argument<string> _file = new("FILE") { Description = "The sweep file: a base experiment and axes over its fields (docs/sweeps.md)." };
    private readonly Option<string?> _output = new("--output", "-o") { Description = "The results database; finished points already in it are skipped (default: the sweep file's name with .db, in the current folder)." };
    private readonly Option<string?> _shard = new("--shard")
    {
        Description = "Run only shard i of N, given as i/N: the points every shard assigns to it, balanced by each point's estimated cost (model MACs × samples × times × seeds for accuracy; equal costs go round robin by index) (default: from SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT inside a Slurm array, else every point).",
    };

    private readonly Option<bool> _json = CommonOptions.Json();

    public SweepCommand(CliContext context)
        : base("sweep", "Run a design-space sweep (axes over an experiment's fields) into a results database that survives being killed; on one machine or a Slurm cluster.")
    {
        _context = context;
        _shard.AddCheck(v => v is null || TryShard(v) ? null : $"--shard must be i/N with 0 ≤ i < N, found '{v}'.");
        Arguments.Add(_file);
        Options.Add(_output);
        Options.Add(_shard);
        Options.Add(_json);
        Subcommands.Add(new SlurmCommand(context));
        Subcommands.Add(new MergeCommand(context));
        Subcommands.Add(new SweepReportCommand(context));
        SetAction(Run);
    }

    /// <summary>The points of the sweep at <paramref name="file"/>, each validated as an experiment.</summary>
    internal static (IReadOnlyList<SweepPoint> Points, ExperimentPoints Runner) Load(CliContext context, string file)
    {
        var spec = SweepSpec.Load(file);
        var runner = new ExperimentPoints(context, file, Path.GetDirectoryName(Path.GetFullPath(file))!);
        return (spec.ExpandValidated(ExperimentPoints.MemfluxVersion, runner.Validate, ExperimentPoints.DottedKeyFields), runner);
    }

    private static bool TryShard(string text)
    {
        try
        {
            Shard.Parse(text, "--shard");
            return true;
        }
        catch (MemfluxException)
        {
            return false;
        }
    }

    private int Run(ParseResult parse)
    {
        string file = parse.GetValue(_file)!;
        string output = parse.GetValue(_output) ?? Path.GetFileNameWithoutExtension(file) + ".db";
        var shard = parse.GetValue(_shard) is { } s ? Shard.Parse(s, "--shard") : Shard.FromSlurm(Environment.GetEnvironmentVariable) ?? Shard.Whole;
        var (points, runner) = Load(_context, file);
        using var store = ResultsStore.Open(output);
        var summary = SweepRunner.Run(runner.InRunOrder(points), shard, store, ExperimentPoints.MemfluxVersion, runner.Run, p => Progress(p), parallelism: runner.Parallelism, cost: runner.EstimatedCost);
        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, new
            {
                sweep = file,
                database = output,
                points = points.Count,
                shard = shard.ToString(),
                in_shard = summary.InShard,
                skipped = summary.Skipped,
                ran = summary.Ran,
                seconds = summary.Elapsed.TotalSeconds,
            });
        }
        else
        {
            _context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Sweep {file}: {points.Count} point(s), shard {shard}: {summary.Ran} ran, {summary.Skipped} already in {output}, {summary.Elapsed.TotalSeconds:F1} s."));
        }

        return ExitCodes.Success;
    }

    private void Progress(SweepRunner.Progress p)
    {
        if (p.Last is not { } point)
        {
            _context.Progress($"sweep: {p.ToRun} point(s) to run, {p.Skipped} already done");
            return;
        }

        string settings = string.Join(", ", point.Settings.Select(kv => $"{kv.Key}={kv.Value?.ToJsonString() ?? "null"}"));
        string eta = p.Remaining is { } left ? $", ETA {Format.Duration(left)}" : "";
        _context.Progress(UntrustedText.Clean($"sweep: [{p.Done}/{p.ToRun}] point {point.Index} ({settings}) done, {Format.Duration(p.Elapsed)} elapsed{eta}"));
    }

    /// <summary><c>memflux sweep slurm FILE --shards N</c>: the sbatch script of a job array, submitted with --submit.</summary>
    private sealed class SlurmCommand : Command
    {
        private readonly CliContext _context;
        private readonly Argument<string> _file = new("FILE") { Description = "The sweep file." };
        private readonly Option<int> _shards = new("--shards") { Description = "Array tasks; task i runs the points whose index is i modulo N.", Required = true };
        private readonly Option<string?> _output = new("--output", "-o") { Description = "The folder for the script, the shard databases and Slurm's logs (default: the sweep file's name with -slurm, in the current folder; created when missing)." };
        private readonly Option<string?> _partition = new("--partition") { Description = "Slurm partition (default: the cluster's)." };
        private readonly Option<string?> _time = new("--time") { Description = "Slurm time limit per task, e.g. 01:00:00 (default: the partition's)." };
        private readonly Option<int?> _cpus = new("--cpus") { Description = "CPUs per task (default: the cluster's)." };
        private readonly Option<bool> _submit = new("--submit") { Description = "Submit the script with sbatch and print the job id." };
        private readonly Option<bool> _json = CommonOptions.Json();

        public SlurmCommand(CliContext context)
            : base("slurm", "Write the sbatch script that runs a sweep as a Slurm job array, one shard database per task; --submit submits it.")
        {
            _context = context;
            _shards.AddAtLeastOne();
            _cpus.AddCheck(v => v is null or >= 1 ? null : $"--cpus must be at least 1, found {v}.");
            Arguments.Add(_file);
            Options.Add(_shards);
            Options.Add(_output);
            Options.Add(_partition);
            Options.Add(_time);
            Options.Add(_cpus);
            Options.Add(_submit);
            Options.Add(_json);
            SetAction(Run);
        }

        private int Run(ParseResult parse)
        {
            string file = Path.GetFullPath(parse.GetValue(_file)!);
            int shards = parse.GetValue(_shards);
            string folder = Path.GetFullPath(parse.GetValue(_output) ?? Path.GetFileNameWithoutExtension(file) + "-slurm");
            var (points, _) = Load(_context, file);
            if (shards > points.Count)
            {
                throw new MemfluxException($"--shards {shards}: the sweep has only {points.Count} point(s); use at most that many tasks.");
            }

            var options = new SlurmScript.Options(shards, parse.GetValue(_partition), parse.GetValue(_time), parse.GetValue(_cpus));
            string text = SlurmScript.Write(MemfluxCommand(), file, folder, options);
            Directory.CreateDirectory(folder);
            string script = Path.Combine(folder, "sweep.sbatch");
            SafeFile.WriteAllBytes(script, "the sbatch script", System.Text.Encoding.UTF8.GetBytes(text));
            string? submitted = parse.GetValue(_submit) ? Submit(script) : null;
            string merge = $"memflux sweep merge {folder}/shard-*.db -o {Path.GetFileNameWithoutExtension(file)}.db";
            if (parse.GetValue(_json))
            {
                JsonOutput.Write(_context.Out, new { script, shards, points = points.Count, folder, sbatch = submitted, merge });
                return ExitCodes.Success;
            }

            _context.Out.WriteLine($"Wrote {script}: {shards} array task(s) over {points.Count} point(s); task i writes {folder}/shard-i.db.");
            _context.Out.WriteLine(submitted ?? $"Submit it with: sbatch {script}");
            _context.Out.WriteLine($"Then: {merge}");
            return ExitCodes.Success;
        }

        /// <summary>How this memflux is started: the apphost, or dotnet and the entry assembly.</summary>
        private static string[] MemfluxCommand()
        {
            string process = Environment.ProcessPath ?? throw new MemfluxException("cannot tell how memflux was started (no process path).");
            string? entry = Assembly.GetEntryAssembly()?.Location;
            return Path.GetFileNameWithoutExtension(process) == "dotnet" && !string.IsNullOrEmpty(entry) ? [process, entry] : [process];
        }

        private static string Submit(string script)
        {
            var start = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(script);
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new MemfluxException("sbatch did not start.");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new MemfluxException($"--submit: cannot run sbatch ({e.Message}); is Slurm installed and on PATH?", e);
            }

            using (process)
            {
                string stdout = process.StandardOutput.ReadToEnd();
                string stderr = process.StandardError.ReadToEnd();
                process.WaitForExit();
                return process.ExitCode == 0
                    ? stdout.Trim()
                    : throw new MemfluxException($"sbatch {script} failed (exit {process.ExitCode}): {stderr.Trim()}");
            }
        }
    }

    /// <summary><c>memflux sweep merge A.db B.db ... -o ALL.db</c>.</summary>
    private sealed class MergeCommand : Command
    {
        private readonly CliContext _context;
        private readonly Argument<string[]> _files = new("DB") { Description = "Shard databases to merge.", Arity = ArgumentArity.OneOrMore };
        private readonly Option<string> _output = new("--output", "-o") { Description = "The database to merge into (created when missing).", Required = true };
        private readonly Option<bool> _json = CommonOptions.Json();

        public MergeCommand(CliContext context)
            : base("merge", "Merge sweep databases: add every point the target lacks; a point in both must have the same figures. Merging twice adds nothing.")
        {
            _context = context;
            Arguments.Add(_files);
            Options.Add(_output);
            Options.Add(_json);
            SetAction(Run);
        }

        private int Run(ParseResult parse)
        {
            string output = parse.GetValue(_output)!;
            string[] files = parse.GetValue(_files)!;
            if (files.Any(f => Path.GetFullPath(f) == Path.GetFullPath(output)))
            {
                throw new MemfluxException($"{output}: the merge target is also one of the databases to merge.");
            }

            using var store = ResultsStore.Open(output);
            var merged = new List<object>();
            foreach (string file in files)
            {
                var (added, present) = store.MergeFrom(file);
                merged.Add(new { file, added, present });
                if (!parse.GetValue(_json))
                {
                    _context.Out.WriteLine($"{file}: {added} point(s) added, {present} already in {output}");
                }
            }

            int total = store.Points().Count;
            if (parse.GetValue(_json))
            {
                JsonOutput.Write(_context.Out, new { output, merged, points = total });
            }
            else
            {
                _context.Out.WriteLine($"{output}: {total} point(s)");
            }

            return ExitCodes.Success;
        }
    }
}
