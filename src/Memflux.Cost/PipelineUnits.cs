namespace Memflux.Cost;

/// <summary>
/// The units in which each layer of a <see cref="TimingGraph"/> streams an image when pipelined, and which units of a
/// producer each unit of a consumer waits for. A layer whose output has rows (<see cref="Chip.Compiler.RowWindow"/>: a
/// convolution's output rows, a token-wise layer's tokens) streams them in at most <see cref="MaxRowGroupsPerLayer"/>
/// groups of consecutive rows (R rows: group g holds rows ⌊g·R/G⌋ to ⌊(g+1)·R/G⌋ − 1, G = min(R, 16)), so the events
/// per image stay bounded (layers × 16 × (4 + message hops)); any other layer is one unit. Each unit carries its share of
/// the layer's work, messages and digital ops (rows in the group / R). A consumer's group waits, over each incoming
/// message, for the producer's group holding the last producer row its window needs: its last output row r needs input
/// row min(r·stride − pad + kernel − 1, H_in − 1), i.e. a fraction (that row + 1) / H_in of its input, which is the same
/// fraction of the producer's output rows (digital nodes between them, such as pooling, are taken as row-local: their own
/// window adds no lag). A layer fed through an activation × activation product (attention) or a global pool waits for
/// every row of its producers; partial sums of a split layer go row group to row group. Per image (<c>perImage</c>),
/// every layer is one unit: a layer starts an image once its producers have finished it.
/// </summary>
internal sealed class PipelineUnits
{
    /// <summary>Row groups a layer streams an image in at most.</summary>
    public const int MaxRowGroupsPerLayer = 16;

    private PipelineUnits(int[] count, double[][] fraction, int[][] upTo, int tokens)
    {
        Count = count;
        Fraction = fraction;
        UpTo = upTo;
        Tokens = tokens;
    }

    /// <summary>Per layer, its units per image.</summary>
    public int[] Count { get; }

    /// <summary>Per layer and unit, the unit's share of the layer's work per image (they sum to 1).</summary>
    public double[][] Fraction { get; }

    /// <summary>
    /// Per flow between two layers (empty for a layer's own scatter and gather) and per producer unit i: how many of the
    /// consumer's units need no producer unit after i (non-decreasing in i; the last is the consumer's unit count).
    /// </summary>
    public int[][] UpTo { get; }

    /// <summary>Tokens per input when the network is a sequence model (its token-wise layers' tokens; the most when they differ), else 0.</summary>
    public int Tokens { get; }

    /// <summary>The units of <paramref name="graph"/>'s layers, pipelined by rows or (<paramref name="perImage"/>) one per image.</summary>
    public static PipelineUnits Of(TimingGraph graph, bool perImage)
    {
        var work = graph.Work;
        int layers = work.Length;
        var count = new int[layers];
        var fraction = new double[layers][];
        var rowStart = new int[layers][];
        int tokens = 0;
        for (int l = 0; l < layers; l++)
        {
            var rows = work[l].Layer.Shape.Rows;
            if (rows is { Tokens: true })
            {
                tokens = Math.Max(tokens, rows.OutputRows);
            }

            int r = perImage || rows is null ? 1 : rows.OutputRows;
            int g = Math.Min(r, MaxRowGroupsPerLayer);
            count[l] = g;
            rowStart[l] = new int[g + 1];
            fraction[l] = new double[g];
            for (int u = 0; u <= g; u++)
            {
                rowStart[l][u] = (int)((long)u * r / g);
            }

            for (int u = 0; u < g; u++)
            {
                fraction[l][u] = (rowStart[l][u + 1] - rowStart[l][u]) / (double)r;
            }
        }

        var upTo = new int[graph.Flows.Length][];
        for (int f = 0; f < upTo.Length; f++)
        {
            var flow = graph.Flows[f];
            if (flow.From == flow.To)
            {
                upTo[f] = [];
                continue;
            }

            int from = flow.From, to = flow.To;
            upTo[f] = new int[count[from]];
            for (int j = 0; j < count[to]; j++)
            {
                upTo[f][Needed(j)]++;
            }

            for (int i = 1; i < upTo[f].Length; i++)
            {
                upTo[f][i] += upTo[f][i - 1];
            }

            int Needed(int j)
            {
                if (count[from] == 1)
                {
                    return 0;
                }

                if (flow.PartialSums)
                {
                    return j;
                }

                var consumer = work[to].Layer.Shape.Rows;
                if (consumer is null || count[to] == 1)
                {
                    return count[from] - 1;
                }

                int lastIn = consumer.LastInputRow(rowStart[to][j + 1] - 1);
                int producerRows = rowStart[from][^1];
                long ceiling = (((long)(lastIn + 1) * producerRows) + consumer.InputRows - 1) / consumer.InputRows;
                int row = (int)Math.Clamp(ceiling - 1, 0, producerRows - 1);
                int u = Array.BinarySearch(rowStart[from], row);
                return u >= 0 ? Math.Min(u, count[from] - 1) : ~u - 1;
            }
        }

        return new PipelineUnits(count, fraction, upTo, tokens);
    }
}
