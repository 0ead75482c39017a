namespace Memflux.Chip.Compiler;

/// <summary>Pass 5: counts the tiles, cores, weight cells and devices the mapping uses.</summary>
public sealed class UtilisationPass : IChipCompilerPass
{
    /// <inheritdoc/>
    public string Name => "utilisation";

    /// <inheritdoc/>
    public void Run(CompilerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var replicas = CompilerState.Required(state.Replicas, nameof(ReplicatePass));
        var placement = CompilerState.Required(state.Placement, nameof(PlacePass));
        var (r, c) = PartitionPass.WeightsPerTile(state.Spec);
        long needed = 0, used = 0, cells = 0;
        var cores = new HashSet<int>();
        for (int l = 0; l < replicas.Length; l++)
        {
            long perCopy = state.TilesPerCopy(l);
            needed += perCopy;
            used += perCopy * replicas[l];
            cells += state.Network.Layers[l].WeightCount * replicas[l];
            foreach (var share in placement[l])
            {
                cores.Add(share.Core);
            }
        }

        state.Utilisation = new UtilisationReport(
            TilesAvailable: state.Model.TotalTiles,
            TilesNeeded: needed,
            TilesUsed: used,
            CoresUsed: cores.Count,
            WeightCells: cells,
            WeightCapacity: used * r * c,
            DevicesProgrammed: cells * state.Spec.Core.Tiles.DevicesPerWeight);
    }
}
