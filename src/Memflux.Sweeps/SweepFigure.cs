namespace Memflux.Sweeps;

/// <summary>
/// One number a finished point produced: <paramref name="Name"/> (e.g. <c>accuracy</c>, <c>energy_per_inference_j</c>),
/// the time after programming it belongs to (<see langword="null"/> for figures that do not age, such as area), its
/// value and, for statistics over chips, the 95% interval.
/// </summary>
public sealed record SweepFigure(string Name, double? TimeSeconds, double Value, double? CiLow = null, double? CiHigh = null);
