using System.Text.Json.Nodes;

namespace Memflux.Sweeps;

/// <summary>A finished point as the results database holds it.</summary>
public sealed record StoredPoint(
    string Id,
    int Index,
    JsonObject Settings,
    string Config,
    string MemfluxVersion,
    double WallSeconds,
    IReadOnlyList<SweepFigure> Figures)
{
    /// <summary>The figure named <paramref name="name"/> at <paramref name="timeSeconds"/> (null: the one without a time), or null.</summary>
    public SweepFigure? Figure(string name, double? timeSeconds = null) =>
        Figures.FirstOrDefault(f => f.Name == name && f.TimeSeconds == timeSeconds);
}
