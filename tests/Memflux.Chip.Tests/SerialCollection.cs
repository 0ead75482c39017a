namespace Memflux.Chip.Tests;

/// <summary>Tests that change process-wide knobs (e.g. <c>AnalogConv.ScratchElements</c>) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "serial";
}
