using System.Collections.Concurrent;
using System.Reflection;
using Memflux.Numerics;

namespace Memflux.Chip.Hardware;

/// <summary>
/// The chip specs shipped with Memflux, as JSON files embedded in this assembly (Hardware/Presets/*.json); every
/// constant in them carries its source. See docs/validation.md for how each reproduces its published figures.
/// </summary>
public static class ChipPresets
{
    private const string ResourcePrefix = "Memflux.Chip.Hardware.Presets.";

    /// <summary>The preset names: <c>isaac</c>, <c>hermes</c>, <c>hermes-4phase</c>, <c>generic-rram</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["isaac", "hermes", "hermes-4phase", "generic-rram"];

    /// <summary>ISAAC-CE (Shafiee et al., ISCA 2016).</summary>
    public static ChipSpec Isaac => Get("isaac");

    /// <summary>IBM HERMES project chip, one-phase read (Le Gallo et al., Nature Electronics 2023).</summary>
    public static ChipSpec Hermes => Get("hermes");

    /// <summary>IBM HERMES project chip, four-phase read: the <see cref="Hermes"/> components with four read phases.</summary>
    public static ChipSpec Hermes4Phase => Get("hermes-4phase");

    /// <summary>A NeuRRAM-like RRAM chip (Wan et al., Nature 2022).</summary>
    public static ChipSpec GenericRram => Get("generic-rram");

    /// <summary>The JSON text of preset <paramref name="name"/>.</summary>
    public static string Json(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Names.Contains(name, StringComparer.Ordinal))
        {
            throw new MemfluxException($"unknown hardware preset '{name}'; expected one of: {string.Join(", ", Names)}, or a path to a chip spec JSON file.");
        }

        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + name + ".json")
            ?? throw new InvalidOperationException($"Preset resource {name}.json is missing from {typeof(ChipPresets).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The validated spec of preset <paramref name="name"/> (parsed once per process: specs are immutable).</summary>
    public static ChipSpec Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Parsed.TryGetValue(name, out var spec) ? spec : Parsed.GetOrAdd(name, ChipSpecLoader.Parse(Json(name), $"preset {name}"));
    }

    // A design sweep resolves the hardware of every point; parsing and checking a preset costs about a millisecond.
    private static readonly ConcurrentDictionary<string, ChipSpec> Parsed = new(StringComparer.Ordinal);

    /// <summary>A preset by name, else the chip spec file at <paramref name="presetOrPath"/>.</summary>
    public static ChipSpec Resolve(string presetOrPath)
    {
        ArgumentNullException.ThrowIfNull(presetOrPath);
        if (Names.Contains(presetOrPath, StringComparer.Ordinal))
        {
            return Get(presetOrPath);
        }

        if (!File.Exists(presetOrPath))
        {
            throw new MemfluxException($"{presetOrPath}: neither a hardware preset ({string.Join(", ", Names)}) nor an existing file.");
        }

        return ChipSpecLoader.Load(presetOrPath);
    }
}
