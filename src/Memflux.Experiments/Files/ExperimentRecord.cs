namespace Memflux.Experiments;

/// <summary>
/// Where an experiment came from, kept with its results so a report can embed it and be rerun exactly:
/// <paramref name="SourceText"/> is the experiment file's text as read (comments included), or null for the bundled
/// demo, which <paramref name="Command"/> reproduces.
/// </summary>
/// <param name="SourcePath">The experiment file's full path (null for the bundled demo).</param>
/// <param name="SourceText">The file's text, byte for byte as decoded (null for the bundled demo).</param>
/// <param name="Command">The command line that reruns it (set by the caller that knows it; null when unknown).</param>
public sealed record ExperimentRecord(string? SourcePath, string? SourceText, string? Command = null);
