namespace Memflux.Cost;

/// <summary>Timing of streaming a batch of images through a mapped network.</summary>
/// <param name="Batch">Images streamed (all ready at time 0).</param>
/// <param name="LatencyNs">First image: first input to last output, in ns.</param>
/// <param name="MakespanNs">Last output of the batch, in ns.</param>
/// <param name="InitiationIntervalNs">
/// Steady-state time between images: the busiest resource's busy time per image (tiles of a layer, a core's digital
/// units or a link), in ns.
/// </param>
/// <param name="Bottleneck">The busiest resource, named.</param>
/// <param name="Cores">Per core: fraction of the batch's makespan its tiles and its digital units are busy.</param>
/// <param name="Events">Events the simulation processed (0 for the closed form).</param>
public sealed record DataflowTiming(int Batch, double LatencyNs, double MakespanNs, double InitiationIntervalNs, string Bottleneck, IReadOnlyList<CoreBusy> Cores, long Events)
{
    /// <summary>Steady-state throughput, images per second (1 / initiation interval).</summary>
    public double ThroughputIps => 1e9 / InitiationIntervalNs;

    /// <summary>Throughput of this batch, images per second (batch / makespan).</summary>
    public double BatchThroughputIps => Batch * 1e9 / MakespanNs;

    /// <summary>Tokens per input of a sequence model (its token-wise layers'), else 0.</summary>
    public int TokensPerImage { get; init; }

    /// <summary>Steady-state time between tokens of a sequence model (initiation interval / tokens per input), in ns; NaN when not one.</summary>
    public double InitiationIntervalPerTokenNs => TokensPerImage > 0 ? InitiationIntervalNs / TokensPerImage : double.NaN;

    /// <summary>Every resource's busy intervals, when the simulation was asked to record them (<see cref="SimulationOptions.RecordTrace"/>); else null.</summary>
    public BusyTrace? Trace { get; init; }
}

/// <summary>How busy one core is over a batch.</summary>
/// <param name="Core">Core index on its chip.</param>
/// <param name="TileBusyFraction">Mean over its tiles of the fraction of the makespan spent in MVMs.</param>
/// <param name="DigitalBusyFraction">Fraction of the makespan its busiest digital unit works.</param>
/// <param name="Chip">The chip (0 on a single chip).</param>
public sealed record CoreBusy(int Core, double TileBusyFraction, double DigitalBusyFraction, int Chip = 0);
