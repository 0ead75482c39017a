namespace Memflux.Cost;

/// <summary>What a timing resource is.</summary>
public enum TimingResourceKind
{
    /// <summary>The tiles of one layer (all its replicas): one MVM stream.</summary>
    LayerTiles,

    /// <summary>One core's digital units (accumulate, activation, pooling; the slowest sets the time).</summary>
    DigitalUnits,

    /// <summary>One directed link of a chip's mesh.</summary>
    MeshLink,

    /// <summary>One directed link between two chips.</summary>
    ChipLink,

    /// <summary>The host processor running the graph's digital nodes (<c>digital_work: "host"</c>).</summary>
    Host,

    /// <summary>One direction of the link between the chips and the host.</summary>
    HostLink,
}

/// <summary>One resource of the event-driven simulation.</summary>
/// <param name="Name">The name reports give it (as <see cref="DataflowTiming.Bottleneck"/>).</param>
/// <param name="Kind">What it is.</param>
/// <param name="Chip">The chip it belongs to (a chip link: the chip it leaves).</param>
/// <param name="BusyNs">Total time it is busy over the batch, in ns (the sum of its intervals).</param>
public sealed record TimingResource(string Name, TimingResourceKind Kind, int Chip, double BusyNs);

/// <summary>One stretch of time a resource serves one request.</summary>
/// <param name="Resource">Index into <see cref="BusyTrace.Resources"/>.</param>
/// <param name="StartNs">When the request starts being served, in ns from the batch's start.</param>
/// <param name="EndNs">When it ends (exclusive), in ns.</param>
/// <param name="Image">The image (inference) of the batch it serves.</param>
/// <param name="Unit">
/// The unit of that image it serves: 0 when the simulation is per image; with pipelining, the row group (or token
/// group) of the producing layer's output, in order.
/// </param>
public readonly record struct BusyInterval(int Resource, double StartNs, double EndNs, int Image, int Unit);

/// <summary>
/// Which resource was busy when, recorded by <see cref="DataflowSimulator"/> when <see cref="SimulationOptions.RecordTrace"/>
/// is set. Every resource serves requests first come, first served, so the intervals of one resource never overlap; they
/// are listed in the order the simulation granted them (on one resource, by start time). Zero-length requests are left out.
/// </summary>
/// <param name="Resources">Every resource of the simulation, indexed as <see cref="BusyInterval.Resource"/>.</param>
/// <param name="Intervals">Every busy interval.</param>
/// <param name="Bottleneck">Index of the busiest resource (the one named by <see cref="DataflowTiming.Bottleneck"/>).</param>
public sealed record BusyTrace(IReadOnlyList<TimingResource> Resources, IReadOnlyList<BusyInterval> Intervals, int Bottleneck);

/// <summary>How <see cref="DataflowSimulator"/> runs.</summary>
/// <param name="RecordTrace">Record every busy interval into <see cref="DataflowTiming.Trace"/> (off by default: it costs memory per event).</param>
/// <param name="PerImage">
/// Time each layer per whole image (a layer starts an image once its producers have finished it) instead of pipelined
/// by row groups (<see cref="PipelineUnits"/>); the closed form is asked the same.
/// </param>
public sealed record SimulationOptions(bool RecordTrace = false, bool PerImage = false)
{
    /// <summary>The defaults: no trace.</summary>
    public static SimulationOptions Default { get; } = new();
}
