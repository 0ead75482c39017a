using Memflux.Devices;

namespace Memflux.Tiles.Tests;

public class AnalogMatrixTests
{
    [Fact]
    public void IdealMatrixMultiplies()
    {
        float[] w = [1, 2, 3, 4, 5, 6]; // 3 inputs × 2 outputs
        var matrix = new AnalogMatrix(w, 3, 2, new TileConfig(), new IdealDevice(), seed: 1, matrixId: 0);
        matrix.Read(1.0, 0);
        var y = new float[2];
        matrix.Multiply([1, 1, 1], 1, y);
        Assert.Equal([9f, 12f], y);
    }
}
