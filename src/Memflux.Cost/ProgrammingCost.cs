using Memflux.Chip.Compiler;

namespace Memflux.Cost;

/// <summary>
/// Cost of writing every weight of a mapping (all replicas) with program-and-verify: energy = iterations × pulse energy;
/// time = the fullest tile's devices / devices written at once × iterations per device × iteration time (all tiles
/// write in parallel).
/// </summary>
/// <param name="Devices">Devices written.</param>
/// <param name="IterationsPerDevice">Mean program-and-verify iterations per device.</param>
/// <param name="Measured">True when the iterations came from programmed tiles, false when from the spec's mean.</param>
/// <param name="EnergyJ">Programming energy in J.</param>
/// <param name="TimeS">Programming time in s.</param>
public sealed record ProgrammingCost(long Devices, double IterationsPerDevice, bool Measured, double EnergyJ, double TimeS)
{
    /// <summary>The cost with the spec's mean iterations per device.</summary>
    public static ProgrammingCost FromSpec(ChipMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return Core(mapping, mapping.Spec.Core.Programming.MeanIterationsPerDevice, measured: false);
    }

    /// <summary>
    /// The cost with the iterations the tiles counted: <paramref name="programOperationsOneCopy"/> is the sum of
    /// <c>AnalogMatrix.TotalProgramOperations</c> over one programmed copy of every layer; replicas are assumed to need
    /// as many iterations per device.
    /// </summary>
    public static ProgrammingCost FromOperations(ChipMapping mapping, long programOperationsOneCopy)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentOutOfRangeException.ThrowIfNegative(programOperationsOneCopy);
        long oneCopy = mapping.Network.WeightCount * mapping.Spec.Core.Tiles.DevicesPerWeight;
        return Core(mapping, (double)programOperationsOneCopy / oneCopy, measured: true);
    }

    /// <summary>
    /// The cost with the mean iterations per device that programming <paramref name="chip"/> took (every device of
    /// every tile of every programmed layer, from the tiles' program-and-verify counts), applied to the devices of
    /// <paramref name="mapping"/> (the hardware spec's devices per weight, all replicas).
    /// </summary>
    public static ProgrammingCost FromChip(ChipMapping mapping, Chip.Analog.AnalogChip chip)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(chip);
        long operations = 0, devices = 0;
        foreach (var layer in chip.Layers)
        {
            foreach (var matrix in layer.Matrices)
            {
                operations += matrix.TotalProgramOperations;
                foreach (var state in matrix.TileStates)
                {
                    devices += state.DeviceCount;
                }
            }
        }

        if (devices == 0)
        {
            throw new Numerics.MemfluxException("the analog chip has no programmed devices; program it before asking for its programming cost.");
        }

        return Core(mapping, (double)operations / devices, measured: true);
    }

    /// <summary>
    /// The cost of programming every chip of <paramref name="system"/> with the spec's mean iterations per device: devices
    /// and energy add up; the chips write in parallel, so the time is the slowest chip's.
    /// </summary>
    public static ProgrammingCost FromSpec(SystemMapping system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return Combine(system.Chips.Select(FromSpec));
    }

    /// <summary>
    /// The cost of programming every chip of <paramref name="system"/> with the mean iterations per device that
    /// programming <paramref name="chip"/> (the whole network, one copy) took; as <see cref="FromSpec(SystemMapping)"/> otherwise.
    /// </summary>
    public static ProgrammingCost FromChip(SystemMapping system, Chip.Analog.AnalogChip chip)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(chip);
        if (system.ChipCount == 1)
        {
            return FromChip(system.Chips[0], chip);
        }

        double iterations = FromChip(system.Chips[0], chip).IterationsPerDevice;
        return Combine(system.Chips.Select(m => Core(m, iterations, measured: true)));
    }

    private static ProgrammingCost Combine(IEnumerable<ProgrammingCost> chips)
    {
        var list = chips.ToList();
        if (list.Count == 1)
        {
            return list[0];
        }

        long devices = list.Sum(c => c.Devices);
        return new ProgrammingCost(devices, list[0].IterationsPerDevice, list[0].Measured, list.Sum(c => c.EnergyJ), list.Max(c => c.TimeS));
    }

    private static ProgrammingCost Core(ChipMapping mapping, double iterations, bool measured)
    {
        var spec = mapping.Spec;
        var p = spec.Core.Programming;
        var (rows, cols) = PartitionPass.WeightsPerTile(spec);
        long devices = mapping.Utilisation.DevicesProgrammed;
        long fullest = 0;
        foreach (var l in mapping.Layers)
        {
            fullest = Math.Max(fullest, (long)Math.Min(l.Shape.Inputs, rows) * Math.Min(l.Shape.Outputs, cols) * spec.Core.Tiles.DevicesPerWeight);
        }

        double rounds = Math.Ceiling((double)fullest / p.ParallelDevicesPerTile);
        return new ProgrammingCost(devices, iterations, measured, devices * iterations * p.PulseEnergyPj * 1e-12, rounds * iterations * p.IterationTimeNs * 1e-9);
    }
}
