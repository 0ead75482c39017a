namespace Memflux.Chip.Hardware;

/// <summary>
/// How a core writes its devices with program-and-verify: one iteration is a program pulse on one device followed by a
/// verify read. The programming cost of a chip is iterations × (<see cref="PulseEnergyPj"/>, <see cref="IterationTimeNs"/>);
/// iterations come from the tiles' own program-and-verify when a programmed state is at hand, else from
/// <see cref="MeanIterationsPerDevice"/>.
/// </summary>
/// <param name="PulseEnergyPj">Energy of one program-and-verify iteration on one device (pulse and verify read), in pJ.</param>
/// <param name="IterationTimeNs">Duration of one iteration (pulse and verify read), in ns.</param>
/// <param name="MeanIterationsPerDevice">Mean iterations per device when no programmed state gives the actual count.</param>
/// <param name="ParallelDevicesPerTile">Devices of one tile written at once; all tiles of the chip write in parallel.</param>
/// <param name="Source">Where the numbers come from.</param>
public sealed record ProgrammingSpec(
    double PulseEnergyPj,
    double IterationTimeNs,
    double MeanIterationsPerDevice,
    int ParallelDevicesPerTile,
    string Source);
