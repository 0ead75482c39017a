using Memflux.Chip.Analog;
using Memflux.Numerics;

namespace Memflux.Chip.Tests.Analog;

public class LabelRangeTests
{
    [Fact]
    public void Labels_must_name_one_of_the_classes()
    {
        LabelAccuracy.CheckRange([0, 4, 2], 5, "labels.npy");
        var e = Assert.Throws<MemfluxException>(() => LabelAccuracy.CheckRange([0, 5, 2], 5, "labels.npy"));
        Assert.Equal("labels.npy: label 5 of sample 1 is outside the model's 5 classes (0 to 4); the labels and the model's class axis must be the same classes.", e.Message);
        Assert.Throws<MemfluxException>(() => LabelAccuracy.CheckRange([-1], 5, "labels.npy"));
    }

    [Fact]
    public void A_model_with_classes_the_labels_never_use_gets_a_note()
    {
        Assert.Null(LabelAccuracy.UnusedClassesNote([0, 4, 2], 5, "labels.npy"));
        Assert.Equal(
            "note: labels.npy: the labels use classes 0 to 4 but the model scores 12; a score of classes 5 to 11 can win the top-1 and counts as a miss.",
            LabelAccuracy.UnusedClassesNote([0, 4, 2], 12, "labels.npy"));
    }
}
