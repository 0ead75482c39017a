using Memflux.Chip.Analog;
using Memflux.Chip.Hardware;
using Memflux.Chip.Image;
using Memflux.Numerics;
using static Memflux.Chip.Tests.Image.ChipImageFixture;

namespace Memflux.Chip.Tests.Image;

/// <summary>
/// <see cref="ChipImageModel.FromFile"/>: the image copies the model file in pieces (as <c>compile</c> does) and is the
/// same file as one saved from the bytes; a model file that changed after it was noted is refused, naming it.
/// </summary>
public sealed class ChipImageModelFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mfchip-model-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void An_image_of_the_model_file_equals_one_of_its_bytes_and_loads_bit_exactly()
    {
        string modelPath = Path.Combine(_directory, "two-conv.onnx");
        File.WriteAllBytes(modelPath, Model);
        var chip = AnalogChip.Create(Import(), SmallTiles(AnalogPreset.Pcm), seed: 5);
        string fromBytes = Path.Combine(_directory, "bytes.mfchip"), fromFile = Path.Combine(_directory, "file.mfchip");
        Save(fromBytes, chip);
        ChipImage.Save(fromFile, chip, ChipImageModel.FromFile(modelPath), "two-conv", ChipPresets.Hermes, "hermes");

        Assert.Equal(File.ReadAllBytes(fromBytes), File.ReadAllBytes(fromFile));
        var image = ChipImage.Load(fromFile);
        Assert.Equal(Model, image.ModelBytes);
        AssertSameDevices(chip, image.CreateChip(Import()));
    }

    [Theory]
    [InlineData("rewritten in place")]
    [InlineData("replaced")]
    [InlineData("truncated")]
    public void A_model_file_that_changed_since_it_was_noted_is_refused(string change)
    {
        string modelPath = Path.Combine(_directory, "two-conv.onnx");
        File.WriteAllBytes(modelPath, Model);
        File.SetLastWriteTimeUtc(modelPath, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var model = ChipImageModel.FromFile(modelPath);
        switch (change)
        {
            case "rewritten in place":
                using (var stream = new FileStream(modelPath, FileMode.Open, FileAccess.Write))
                {
                    stream.Write([0x42]);
                }

                break;
            case "replaced":
                string other = Path.Combine(_directory, "other.onnx");
                File.WriteAllBytes(other, Model);
                File.Move(other, modelPath, overwrite: true);
                break;
            default:
                File.WriteAllBytes(modelPath, Model[..100]);
                break;
        }

        var chip = AnalogChip.Create(Import(), SmallTiles(AnalogPreset.Pcm), seed: 5);
        string output = Path.Combine(_directory, "chip.mfchip");
        var e = Assert.Throws<MemfluxException>(() => ChipImage.Save(output, chip, model, "two-conv", ChipPresets.Hermes, "hermes"));
        Assert.StartsWith($"{modelPath}: the model file changed while the chip was compiled", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }
}
