using System.Text.Json.Nodes;

namespace Memflux.Sweeps;

/// <summary>
/// One point of a sweep: its position in the sweep's order (<see cref="Index"/>, what shards split on), its identity
/// (<see cref="Id"/>: SHA-256 of the resolved configuration and the Memflux version, see <see cref="PointId"/>), the
/// resolved configuration as canonical JSON, and the axis values that made it (axis path → value) for tables and plots.
/// </summary>
public sealed record SweepPoint(int Index, string Id, string Config, IReadOnlyDictionary<string, JsonNode?> Settings)
{
    /// <summary>
    /// What validating <see cref="Config"/> found that running the point needs (<see cref="SweepSpec.ExpandValidated"/>;
    /// <see cref="ExperimentPoints"/>: an estimate-only point's cost configuration), so that a run does not parse the
    /// configuration again; null when there is nothing to carry. Not part of the point's <see cref="Id"/>.
    /// </summary>
    public object? Resolved { get; init; }
}
