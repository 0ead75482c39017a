namespace Memflux.Report;

/// <summary>
/// The sweep report (<c>memflux sweep report DB</c>): every finished point with its settings and headline figures, the
/// Pareto fronts of quality against energy per inference and against area, and each figure's most influential axis.
/// Written as report.html and report.json like <see cref="ReportModel"/>; the page's numbers carry their JSON paths.
/// </summary>
/// <param name="Database">The results database, as given.</param>
/// <param name="Quality">What a point is judged by: e.g. "accuracy" at the last time, else "top1_agreement".</param>
/// <param name="QualityTimeSeconds">The time after programming of <paramref name="Quality"/> (null when it does not age).</param>
/// <param name="Axes">The settings' field paths (the sweep's axes and explicit-point fields), in column order.</param>
/// <param name="Points">The points, in sweep order.</param>
/// <param name="Sensitivity">Per figure that varies, the axes ranked by main effect, largest first.</param>
/// <param name="Version">Memflux's version.</param>
/// <param name="Command">The command that wrote the report.</param>
public sealed record SweepReportModel(
    string Database,
    string Quality,
    double? QualityTimeSeconds,
    IReadOnlyList<string> Axes,
    IReadOnlyList<SweepReportPoint> Points,
    IReadOnlyList<SweepSensitivity> Sensitivity,
    string Version,
    string Command);

/// <summary>One finished point.</summary>
/// <param name="Index">Its index in the sweep.</param>
/// <param name="Id">Its id (SHA-256 of its configuration and the Memflux version).</param>
/// <param name="Settings">Its value of each of <see cref="SweepReportModel.Axes"/>, as JSON text ("-" when unset).</param>
/// <param name="Quality">The quality figure (null when the point has none).</param>
/// <param name="EnergyPerInferenceJ">Energy per inference (null without the estimate).</param>
/// <param name="AreaMm2">Area (null without the estimate).</param>
/// <param name="ParetoEnergy">On the front of quality against energy.</param>
/// <param name="ParetoArea">On the front of quality against area.</param>
/// <param name="WallSeconds">Seconds the point took.</param>
public sealed record SweepReportPoint(
    int Index,
    string Id,
    IReadOnlyList<string> Settings,
    double? Quality,
    double? EnergyPerInferenceJ,
    double? AreaMm2,
    bool ParetoEnergy,
    bool ParetoArea,
    double WallSeconds);

/// <summary>The axes a figure depends on, ranked by main effect (the spread of the figure's mean over each axis' values).</summary>
/// <param name="Figure">The figure's name.</param>
/// <param name="TimeSeconds">Its time after programming (null when it does not age).</param>
/// <param name="Axes">Axis and spread, largest spread first.</param>
public sealed record SweepSensitivity(string Figure, double? TimeSeconds, IReadOnlyList<SweepAxisSpread> Axes);

/// <summary>One axis' main effect on a figure.</summary>
/// <param name="Axis">The axis' field path.</param>
/// <param name="Spread">Largest minus smallest mean of the figure over the axis' values.</param>
public sealed record SweepAxisSpread(string Axis, double Spread);
