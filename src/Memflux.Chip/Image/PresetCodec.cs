using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Memflux.Chip.Analog;
using Memflux.Devices;
using Memflux.Numerics;
using Memflux.Tiles;

namespace Memflux.Chip.Image;

/// <summary>
/// Writes an <see cref="AnalogPreset"/> as JSON values (name, description, device kind and every device parameter,
/// every tile setting) and reads it back, so a chip image rebuilds exactly the configuration it was programmed with
/// even when the named preset changes in a later version.
/// </summary>
public static class PresetCodec
{
    private static readonly JsonSerializerOptions Options = new()
    {
        IgnoreReadOnlyProperties = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The preset's values as a JSON object; a <see cref="MemfluxException"/> for a device kind an image cannot store.</summary>
    public static JsonObject ToJson(AnalogPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        var device = preset.Device();
        JsonObject deviceJson = device switch
        {
            PcmDevice pcm => new() { ["kind"] = "pcm", ["parameters"] = Node(pcm.Parameters) },
            RramDevice rram => new() { ["kind"] = "rram", ["parameters"] = Node(rram.Parameters) },
            CustomDevice custom => Custom(custom),
            IdealDevice ideal => new() { ["kind"] = "ideal", ["g_max_micro_siemens"] = ideal.GMaxMicroSiemens },
            _ => throw new MemfluxException($"analog preset '{preset.Name}': a chip image cannot store a '{device.Name}' device yet (supported: ideal, pcm, rram, custom)."),
        };
        deviceJson["non_idealities"] = Node(device.NonIdealities);
        return new JsonObject
        {
            ["name"] = preset.Name,
            ["description"] = preset.Description,
            ["device"] = deviceJson,
            ["tiles"] = Node(preset.Tiles),
        };
    }

    /// <summary>Rebuilds the preset <paramref name="json"/> describes; errors name <paramref name="source"/> and the field.</summary>
    public static AnalogPreset FromJson(JsonObject json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            string name = Required(json, "name", source).GetValue<string>();
            string description = Required(json, "description", source).GetValue<string>();
            var device = Required(json, "device", source).AsObject();
            var nonIdeal = Required(device, "non_idealities", source).Deserialize<DeviceNonIdealities>(Options)!;
            nonIdeal.Validate();
            string kind = Required(device, "kind", source).GetValue<string>();
            Func<DeviceModel> factory = kind switch
            {
                "pcm" => Factory(Required(device, "parameters", source).Deserialize<PcmParameters>(Options)!, p => new PcmDevice(p, nonIdeal)),
                "rram" => Factory(Required(device, "parameters", source).Deserialize<RramParameters>(Options)!, p => new RramDevice(p, nonIdeal)),
                "ideal" => Factory(Required(device, "g_max_micro_siemens", source).GetValue<double>(), g => new IdealDevice(g, nonIdeal)),
                "custom" => CustomFactory(device, nonIdeal, source),
                _ => throw new MemfluxException($"{source}: device.kind: expected pcm, rram, ideal or custom, found '{kind}'."),
            };
            var tiles = Required(json, "tiles", source).Deserialize<TileConfig>(Options)!;
            tiles.Validate();
            return new AnalogPreset(name, description, factory, tiles);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new MemfluxException($"{source}: the analog preset cannot be read: {e.Message}", e);
        }
        catch (MemfluxException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            // The values' own checks (device parameters, non-idealities, tile settings) name the field, not the image.
            throw new MemfluxException($"{source}: {e.Message}", e);
        }
    }

    /// <summary>
    /// The values programming a chip reads from <paramref name="preset"/>, as canonical JSON: the device (kind, every
    /// parameter, non-idealities) and, of the tiles, <see cref="TileConfig.Rows"/>, <see cref="TileConfig.Columns"/>,
    /// <see cref="TileConfig.Mapping"/> (scaling, clipping, slices) and <see cref="TileConfig.ProgramVerify"/>
    /// (<c>CrossbarTile.Program</c> and <c>AnalogMatrix.ProgramTiles</c> read nothing else). Two presets with equal keys
    /// program a model's devices alike from the same seed; the rest of the tile settings (DAC, ADC, output noise, read
    /// weight noise, IR drop, noise management, drift compensation and its reference, affine correction) act at
    /// calibration and read only. Null for a device kind <see cref="ToJson"/> cannot write. Every device parameter is
    /// part of the key, those only a read uses (read noise) too: a superset of what programming reads is safe.
    /// </summary>
    public static string? ProgrammingKey(AnalogPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        JsonObject json;
        try
        {
            json = ToJson(preset);
        }
        catch (MemfluxException)
        {
            return null;
        }

        var t = preset.Tiles;
        return new JsonObject
        {
            ["device"] = json["device"]!.DeepClone(),
            ["rows"] = t.Rows,
            ["columns"] = t.Columns,
            ["mapping"] = Node(t.Mapping),
            ["program_verify"] = Node(t.ProgramVerify),
        }.ToJsonString();
    }

    /// <summary>Whether two presets hold the same values (compared through their JSON).</summary>
    public static bool SameValues(AnalogPreset a, AnalogPreset b) =>
        JsonNode.DeepEquals(ToJson(a), ToJson(b));

    private static JsonObject Custom(CustomDevice device)
    {
        var (target, sigma, nuMean, nuStd, readNoise) = device.Table.Columns();
        return new()
        {
            ["kind"] = "custom",
            ["source"] = device.Table.Source,
            ["drift_t0_seconds"] = device.DriftT0Seconds,
            ["g_target_uS"] = Node(target),
            ["sigma_prog_uS"] = Node(sigma),
            ["drift_nu_mean"] = Node(nuMean),
            ["drift_nu_std"] = Node(nuStd),
            ["read_noise_uS"] = Node(readNoise),
        };
    }

    private static Func<DeviceModel> CustomFactory(JsonObject device, DeviceNonIdealities nonIdeal, string source)
    {
        double[] Column(string field) => [.. Required(device, field, source).Deserialize<float[]>(Options)!.Select(v => (double)v)];
        string tableSource = Required(device, "source", source).GetValue<string>();
        CustomDeviceTable table;
        try
        {
            table = new CustomDeviceTable(Column("g_target_uS"), Column("sigma_prog_uS"), Column("drift_nu_mean"), Column("drift_nu_std"), Column("read_noise_uS"), tableSource);
        }
        catch (MemfluxException e)
        {
            throw new MemfluxException($"{source}: custom device: {e.Message}", e);
        }

        return Factory(Required(device, "drift_t0_seconds", source).GetValue<double>(), t0 => new CustomDevice(table, t0, nonIdeal));
    }

    private static JsonNode Node<T>(T value) => JsonSerializer.SerializeToNode(value, Options)!;

    private static Func<DeviceModel> Factory<T>(T parameters, Func<T, DeviceModel> create)
    {
        _ = create(parameters); // validates now, so a bad image fails at load rather than at first use
        return () => create(parameters);
    }

    private static JsonNode Required(JsonObject json, string field, string source) =>
        json[field] ?? throw new MemfluxException($"{source}: analog preset: field '{field}' is missing.");
}
