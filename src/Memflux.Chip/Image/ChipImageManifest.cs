using System.Text.Json.Nodes;
using Memflux.Chip.Analog;
using Memflux.Numerics;
using Memflux.Tiles;

namespace Memflux.Chip.Image;

/// <summary>
/// The manifest section: what the image holds besides the raw arrays (model and hardware names, the preset's values,
/// the chip's seed, time and counters, and each layer's and matrix's keys and geometry), as JSON.
/// </summary>
internal sealed record ChipImageManifest(string ModelName, string HardwareName, JsonObject Preset, AnalogChipState State)
{
    public JsonObject ToJson() => new()
    {
        ["format"] = "memflux chip image",
        ["model_name"] = ModelName,
        ["hardware_name"] = HardwareName,
        ["preset"] = Preset.DeepClone(),
        ["seed"] = State.Seed,
        ["time_s"] = State.TimeSeconds,
        ["reads"] = State.ReadCount,
        ["programmings"] = State.ProgrammingCount,
        ["layers"] = new JsonArray([.. State.Layers.Select(l => (JsonNode)new JsonObject
        {
            ["key"] = l.Key,
            ["programmed_at_s"] = l.ProgrammedAtSeconds,
            ["matrices"] = new JsonArray([.. l.Matrices.Select(m => (JsonNode)new JsonObject
            {
                ["seed"] = m.Seed,
                ["id"] = m.MatrixId,
                ["epoch"] = m.ProgramEpoch,
                ["inputs"] = m.Inputs,
                ["outputs"] = m.Outputs,
                ["last_read_s"] = m.LastReadTimeSeconds,
                ["last_read_index"] = m.LastReadIndex,
                ["calls_since_read"] = m.CallsSinceRead,
                ["tiles"] = m.Tiles.Count,
            })]),
        })]),
    };

    /// <summary>
    /// Reads the manifest; tile states are left empty (the devices section fills them). Errors name <paramref name="source"/>.
    /// The tiles it declares, all matrices together, may not exceed <paramref name="maxTiles"/> (what the devices section
    /// can hold), so a manifest that claims billions of tiles is refused before their arrays are allocated.
    /// </summary>
    public static ChipImageManifest FromJson(JsonObject json, string source, long maxTiles = long.MaxValue)
    {
        long declared = 0;
        int Tiles(JsonNode matrix)
        {
            int tiles = Get(matrix, "tiles", source).GetValue<int>();
            declared += tiles;
            if (tiles < 0 || declared > maxTiles)
            {
                throw new MemfluxException($"{source}: the matrices declare {(tiles < 0 ? tiles : declared)} tiles or more; expected 0 to {maxTiles} (what the devices section holds).");
            }

            return tiles;
        }

        try
        {
            var layers = Get(json, "layers", source).AsArray().Select(l => new AnalogLayerState(
                Get(l!, "key", source).GetValue<string>(),
                Get(l!, "programmed_at_s", source).GetValue<double>(),
                [.. Get(l!, "matrices", source).AsArray().Select(m => new AnalogMatrixState(
                    Get(m!, "seed", source).GetValue<ulong>(),
                    Get(m!, "id", source).GetValue<int>(),
                    Get(m!, "epoch", source).GetValue<int>(),
                    Get(m!, "inputs", source).GetValue<int>(),
                    Get(m!, "outputs", source).GetValue<int>(),
                    Get(m!, "last_read_s", source).GetValue<double>(),
                    Get(m!, "last_read_index", source).GetValue<ulong>(),
                    Get(m!, "calls_since_read", source).GetValue<ulong>(),
                    new TileState[Tiles(m!)]))])).ToList();
            var state = new AnalogChipState(
                Get(json, "seed", source).GetValue<ulong>(), Get(json, "time_s", source).GetValue<double>(),
                Get(json, "reads", source).GetValue<ulong>(), Get(json, "programmings", source).GetValue<ulong>(), layers);
            return new ChipImageManifest(
                Get(json, "model_name", source).GetValue<string>(), Get(json, "hardware_name", source).GetValue<string>(),
                Get(json, "preset", source).AsObject(), state);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException)
        {
            throw new MemfluxException($"{source}: {e.Message}", e);
        }
    }

    private static JsonNode Get(JsonNode node, string field, string source) =>
        node[field] ?? throw new MemfluxException($"{source}: field '{field}' is missing.");
}
