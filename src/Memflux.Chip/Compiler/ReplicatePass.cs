namespace Memflux.Chip.Compiler;

/// <summary>
/// Pass 2: balances the pipeline by copying the weights of the bottleneck layer (the one whose tiles run the most MVMs
/// per image, ceil(MVMs per image / replicas): early convolutions) into free tiles, one copy at a time, until the
/// bottleneck cannot be copied again (not enough free tiles, or every copy already runs a single MVM per image).
/// Never uses more tiles than the chip has. Runs before placement so that every layer's copies are placed together.
/// </summary>
public sealed class ReplicatePass : IChipCompilerPass
{
    /// <summary>A pass that replicates (<paramref name="enabled"/>) or leaves every layer at one copy.</summary>
    public ReplicatePass(bool enabled = true) => Enabled = enabled;

    /// <summary>False: every layer keeps one copy.</summary>
    public bool Enabled { get; }

    /// <inheritdoc/>
    public string Name => "replicate";

    /// <inheritdoc/>
    public void Run(CompilerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var layers = state.Network.Layers;
        int count = layers.Count;
        var replicas = new int[count];
        var perCopy = new int[count];
        long free = state.Model.TotalTiles;
        for (int i = 0; i < count; i++)
        {
            replicas[i] = 1;
            perCopy[i] = state.TilesPerCopy(i);
            free -= perCopy[i];
        }

        while (Enabled)
        {
            int worst = 0;
            long worstMvms = -1;
            for (int i = 0; i < count; i++)
            {
                long mvms = (layers[i].MvmsPerImage + replicas[i] - 1) / replicas[i];
                if (mvms > worstMvms)
                {
                    worst = i;
                    worstMvms = mvms;
                }
            }

            if (replicas[worst] >= layers[worst].MvmsPerImage || perCopy[worst] > free)
            {
                break;
            }

            // Jump straight to the smallest replica count that lowers this layer's MVMs per tile.
            long target = worstMvms - 1;
            int next = (int)Math.Min(layers[worst].MvmsPerImage, (layers[worst].MvmsPerImage + target - 1) / target);
            long affordable = free / perCopy[worst];
            int step = (int)Math.Min(next - replicas[worst], affordable);
            if ((layers[worst].MvmsPerImage + replicas[worst] + step - 1) / (replicas[worst] + step) >= worstMvms)
            {
                break; // the free tiles cannot buy a copy that helps
            }

            replicas[worst] += step;
            free -= (long)step * perCopy[worst];
        }

        state.Replicas = replicas;
    }
}
