using Memflux.Chip.Analog;

namespace Memflux.Chip.Tests.Analog;

/// <summary>Error attribution separates aihwkit's read terms of pcm-aihwkit like every other non-ideality.</summary>
public class NonIdealityIsolationTests
{
    [Fact]
    public void Aihwkit_read_terms_are_kept_alone_or_switched_off()
    {
        var full = AnalogPreset.PcmAihwkit;
        var noise = NonIdealityIsolation.Only(full, NonIdeality.ReadWeightNoise)!;
        Assert.Equal(0.0175, noise.Tiles.ReadWeightNoise);
        Assert.False(noise.Tiles.AihwkitIrDrop.Enabled);
        Assert.Equal(0, noise.Tiles.OutputNoise);
        Assert.Equal("pcm-aihwkit:read-weight-noise-only", noise.Name);

        var ir = NonIdealityIsolation.Only(full, NonIdeality.IrDrop)!;
        Assert.Equal(full.Tiles.AihwkitIrDrop, ir.Tiles.AihwkitIrDrop);
        Assert.Equal(0, ir.Tiles.ReadWeightNoise);

        var adc = NonIdealityIsolation.Only(full, NonIdeality.Adc)!;
        Assert.Equal(0, adc.Tiles.ReadWeightNoise);
        Assert.False(adc.Tiles.AihwkitIrDrop.Enabled);

        Assert.Null(NonIdealityIsolation.Only(AnalogPreset.Pcm, NonIdeality.ReadWeightNoise));
        Assert.Null(NonIdealityIsolation.Only(AnalogPreset.Pcm, NonIdeality.IrDrop));
    }
}
