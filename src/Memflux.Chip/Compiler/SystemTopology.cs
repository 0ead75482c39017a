using System.Globalization;
using Memflux.Chip.Hardware;

namespace Memflux.Chip.Compiler;

/// <summary>
/// The chips of a system and the directed links between them, with the route a message takes from one chip to another:
/// a ring (chip i next to i ± 1; the shorter way round, clockwise on a tie), a 2-D mesh (chip i at position i of the
/// grid's serpentine order, so consecutive pipeline stages are neighbours; XY routing) or a switch (every chip has an
/// up-link to the switch and a down-link from it: two link hops between any two chips). Link ids are dense in
/// [0, <see cref="LinkCount"/>).
/// </summary>
public sealed class SystemTopology
{
    private readonly int[] _cellOfChip;

    /// <summary>The topology of <paramref name="chips"/> chips of <paramref name="system"/> (null: one chip, no links).</summary>
    public SystemTopology(SystemSpec? system, int chips)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chips, 1);
        System = system;
        Chips = chips;
        Kind = system?.Topology ?? SystemSpec.Ring;
        int rows = 1, cols = chips;
        if (Kind == SystemSpec.Mesh)
        {
            (rows, cols) = system!.MeshRows > 0 ? (system.MeshRows, system.MeshCols) : Squarest(chips);
            if ((long)rows * cols < chips)
            {
                throw new Numerics.MemfluxException($"system.mesh_rows × mesh_cols = {rows} × {cols} holds fewer than the {chips} chips needed; give a larger mesh or mesh_rows = mesh_cols = 0 (the squarest grid).");
            }
        }

        Grid = new CoreGridSpec(chips, rows, cols);
        _cellOfChip = Kind == SystemSpec.Mesh ? MeshGeometry.SerpentineOrder(Grid) : [];
        LinkCount = system is null || chips == 1 ? 0 : Kind switch
        {
            SystemSpec.Mesh => rows * cols * 4,
            _ => chips * 2,
        };
    }

    /// <summary>The system section (null for a single chip without one).</summary>
    public SystemSpec? System { get; }

    /// <summary>Chips in the system.</summary>
    public int Chips { get; }

    /// <summary><c>ring</c>, <c>mesh</c> or <c>switch</c>.</summary>
    public string Kind { get; }

    /// <summary>The chip grid of a mesh (1 × chips otherwise).</summary>
    public CoreGridSpec Grid { get; }

    /// <summary>Directed link ids are below this.</summary>
    public int LinkCount { get; }

    /// <summary>The directed links a message from chip <paramref name="from"/> to chip <paramref name="to"/> crosses, in order.</summary>
    public int[] Route(int from, int to)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfNegative(to);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(from, Chips);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(to, Chips);
        if (from == to)
        {
            return [];
        }

        switch (Kind)
        {
            case SystemSpec.Mesh:
                return MeshGeometry.Route(Grid, _cellOfChip[from], _cellOfChip[to]);
            case SystemSpec.Switch:
                return [from * 2, (to * 2) + 1];
            default:
                int forward = ((to - from) % Chips + Chips) % Chips;
                bool clockwise = forward <= Chips - forward;
                int steps = clockwise ? forward : Chips - forward;
                var links = new int[steps];
                int chip = from;
                for (int i = 0; i < steps; i++)
                {
                    links[i] = (chip * 2) + (clockwise ? 0 : 1);
                    chip = ((chip + (clockwise ? 1 : -1)) % Chips + Chips) % Chips;
                }

                return links;
        }
    }

    /// <summary>Link hops between two chips.</summary>
    public int Hops(int from, int to) => Route(from, to).Length;

    /// <summary>The name reports give link <paramref name="link"/>.</summary>
    public string LinkName(int link)
    {
        var c = CultureInfo.InvariantCulture;
        switch (Kind)
        {
            case SystemSpec.Mesh:
                string[] dirs = ["east", "west", "south", "north"];
                int cell = link / 4;
                int chip = Array.IndexOf(_cellOfChip, cell);
                return string.Create(c, $"chip link from chip {chip} {dirs[link % 4]}");
            case SystemSpec.Switch:
                return link % 2 == 0
                    ? string.Create(c, $"chip link from chip {link / 2} to the switch")
                    : string.Create(c, $"chip link from the switch to chip {link / 2}");
            default:
                int from = link / 2;
                int to = ((from + (link % 2 == 0 ? 1 : -1)) % Chips + Chips) % Chips;
                return string.Create(c, $"chip link from chip {from} to chip {to}");
        }
    }

    /// <summary>The squarest grid holding <paramref name="chips"/> cells: cols = ceil(√chips), rows = ceil(chips / cols).</summary>
    public static (int Rows, int Cols) Squarest(int chips)
    {
        int cols = (int)Math.Ceiling(Math.Sqrt(chips));
        return ((chips + cols - 1) / cols, cols);
    }
}
