namespace Memflux.Cost;

/// <summary>
/// Which share of a cost (energy per inference, or busy time) goes to analog compute, digital compute, data movement on a
/// chip, data movement between chips and, for energy, static power; the shares sum to 1.
/// </summary>
/// <param name="Analog">Row drives, array reads and conversions (energy); the layers' tiles (time).</param>
/// <param name="Digital">The digital units' ops: shift-and-add, partial sums, bias, activations, pooling, attention's
/// activation × activation products, softmax, normalisations (energy); the cores' digital units (time); with digital work
/// on a host, the host's ops and busy time. For the digital baseline, its MACs.</param>
/// <param name="OnChipMovement">Buffers and the network on chip (energy); mesh links (time). For the digital baseline, its
/// weight reads (from SRAM or DRAM, whichever holds the weights).</param>
/// <param name="ChipToChip">Chip links and the host link (0 on one chip without a host, and for the digital baseline, which has none).</param>
/// <param name="Static">Leakage and fixed blocks, drawn over the makespan (energy only; 0 for time).</param>
public sealed record CostShares(double Analog, double Digital, double OnChipMovement, double ChipToChip, double Static)
{
    /// <summary>
    /// The energy shares of <paramref name="energy"/> (components as <see cref="EnergyBreakdown.Names"/>); a component
    /// this does not know is an error, so a new one must be given its category here.
    /// </summary>
    public static CostShares OfEnergy(IReadOnlyList<ComponentEnergy> energy)
    {
        ArgumentNullException.ThrowIfNull(energy);
        double analog = 0, digital = 0, movement = 0, links = 0, stat = 0;
        foreach (var c in energy)
        {
            switch (c.Name)
            {
                case "dac" or "array" or "adc": analog += c.EnergyJ; break;
                case "accumulate" or "activation" or "pooling" or EnergyBreakdown.HostOps: digital += c.EnergyJ; break;
                case "buffers" or "noc": movement += c.EnergyJ; break;
                case EnergyBreakdown.ChipLinks or EnergyBreakdown.HostLink: links += c.EnergyJ; break;
                case "leakage" or "fixed": stat += c.EnergyJ; break;
                default: throw new InvalidOperationException($"energy component '{c.Name}' has no cost category; add it to {nameof(CostShares)}.{nameof(OfEnergy)}.");
            }
        }

        return Normalised(analog, digital, movement, links, stat);
    }

    /// <summary>
    /// The time shares of <paramref name="timing"/>: each kind of resource's busy time over the batch (Σ over resources of
    /// that kind) / the busy time of all resources. Resources work in parallel, so this is where the work is, not a
    /// split of the latency.
    /// </summary>
    public static CostShares OfTime(DataflowTiming timing)
    {
        ArgumentNullException.ThrowIfNull(timing);
        double Busy(TimingResourceKind k) => timing.BusyNsByKind.TryGetValue(k, out double v) ? v : 0;
        return Normalised(
            Busy(TimingResourceKind.LayerTiles),
            Busy(TimingResourceKind.DigitalUnits) + Busy(TimingResourceKind.Host),
            Busy(TimingResourceKind.MeshLink),
            Busy(TimingResourceKind.ChipLink) + Busy(TimingResourceKind.HostLink),
            0);
    }

    /// <summary>The energy shares of the digital baseline: MACs are digital, the rest (weight and activation movement) on-chip movement, no chip links.</summary>
    public static CostShares OfEnergy(DigitalBaseline baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        return Normalised(0, baseline.ComputeJ, baseline.EnergyJ - baseline.ComputeJ, 0, 0);
    }

    /// <summary>
    /// The time shares of the digital baseline (<see cref="DigitalBaselineTiming"/>): its MAC array's busy time is
    /// digital, its weight fetches' busy time on-chip movement (as its energy shares count weight reads), nothing else.
    /// </summary>
    public static CostShares OfTime(DigitalBaselineTiming baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        return Normalised(0, baseline.ComputeNs, baseline.WeightFetchNs, 0, 0);
    }

    private static CostShares Normalised(double analog, double digital, double movement, double links, double stat)
    {
        double total = analog + digital + movement + links + stat;
        return total <= 0 ? new CostShares(0, 0, 0, 0, 0) : new CostShares(analog / total, digital / total, movement / total, links / total, stat / total);
    }
}
