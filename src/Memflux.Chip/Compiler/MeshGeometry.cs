using Memflux.Chip.Hardware;

namespace Memflux.Chip.Compiler;

/// <summary>Positions and distances on the chip's 2-D core mesh (core i at row i / cols, column i % cols).</summary>
public static class MeshGeometry
{
    /// <summary>Row and column of <paramref name="core"/>.</summary>
    public static (int Row, int Col) Position(CoreGridSpec grid, int core)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return (core / grid.MeshCols, core % grid.MeshCols);
    }

    /// <summary>Hops between two cores with XY (dimension-ordered) routing: the Manhattan distance.</summary>
    public static int Hops(CoreGridSpec grid, int a, int b)
    {
        var (ra, ca) = Position(grid, a);
        var (rb, cb) = Position(grid, b);
        return Math.Abs(ra - rb) + Math.Abs(ca - cb);
    }

    /// <summary>
    /// The cores in serpentine (boustrophedon) order: row 0 left to right, row 1 right to left, … so that consecutive
    /// cores in the order are always mesh neighbours.
    /// </summary>
    public static int[] SerpentineOrder(CoreGridSpec grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var order = new List<int>(grid.Count);
        for (int r = 0; r < grid.MeshRows; r++)
        {
            for (int j = 0; j < grid.MeshCols; j++)
            {
                int core = r * grid.MeshCols + (r % 2 == 0 ? j : grid.MeshCols - 1 - j);
                if (core < grid.Count)
                {
                    order.Add(core);
                }
            }
        }

        return [.. order];
    }

    /// <summary>The cores in row-major order (a naive order: the last core of a row is far from the first of the next).</summary>
    public static int[] RowMajorOrder(CoreGridSpec grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return [.. Enumerable.Range(0, grid.Count)];
    }

    /// <summary>
    /// The directed links of the XY route from <paramref name="from"/> to <paramref name="to"/>, each as
    /// (core, direction 0..3 = east, west, south, north) packed into core × 4 + direction.
    /// </summary>
    public static int[] Route(CoreGridSpec grid, int from, int to)
    {
        var links = new int[Hops(grid, from, to)];
        Route(grid, from, to, links);
        return links;
    }

    /// <summary>
    /// Writes the links of <see cref="Route(CoreGridSpec, int, int)"/> into <paramref name="links"/>, which must hold at
    /// least <see cref="Hops"/> of them; returns how many it wrote.
    /// </summary>
    public static int Route(CoreGridSpec grid, int from, int to, Span<int> links)
    {
        var (r, c) = Position(grid, from);
        var (rt, ct) = Position(grid, to);
        int n = 0;
        while (c != ct)
        {
            int dir = ct > c ? 0 : 1;
            links[n++] = ((r * grid.MeshCols) + c) * 4 + dir;
            c += ct > c ? 1 : -1;
        }

        while (r != rt)
        {
            int dir = rt > r ? 2 : 3;
            links[n++] = ((r * grid.MeshCols) + c) * 4 + dir;
            r += rt > r ? 1 : -1;
        }

        return n;
    }
}
