namespace Memflux.Tiles.Tests;

public class ProgrammingErrorTests
{
    [Fact]
    public void A_tile_away_from_the_origin_reports_programmed_minus_target_per_device()
    {
        // 50×37 weights on 16×12 tiles: tile 5 is row block 1, column block 1 (offsets 16, 12), a full tile.
        int k = 50, n = 37;
        var w = TestData.Uniform(k * n, 3);
        var config = TileConfig.Ideal with { Rows = 16, Columns = 12 };
        var matrix = new AnalogMatrix(w, k, n, config, new GaussianDriftDevice(programSigma: 0.7, drift: 0.05), 11, 0);
        var tile = matrix.Tiles[5];
        Assert.Equal((16, 12), (tile.RowOffset, tile.ColumnOffset));

        var result = ProgrammingError.OfTile(matrix, w, 5);

        int cells = tile.Rows * tile.Columns;
        Assert.Equal(2 * cells, result.ErrorMicroSiemens.Length);
        for (int i = 0; i < tile.Rows; i++)
        {
            for (int j = 0; j < tile.Columns; j++)
            {
                int cell = (i * tile.Columns) + j;
                double target = w[((16 + i) * n) + 12 + j] / tile.State.ColumnScales[j];
                Assert.Equal(tile.State.Devices[0].ProgrammedAt(cell) - (Math.Max(target, 0) * 25), result.ErrorMicroSiemens[cell], 1e-4);
                Assert.Equal(tile.State.Devices[1].ProgrammedAt(cell) - (Math.Max(-target, 0) * 25), result.ErrorMicroSiemens[cells + cell], 1e-4);
                Assert.Equal(tile.State.Devices[1].DriftAt(cell), result.DriftExponent[cells + cell]);
            }
        }

        // σ = 0.7 µS of programming noise shows up as the errors' spread (clamping at 0 µS narrows it a little).
        double rms = Math.Sqrt(result.ErrorMicroSiemens.Average(e => (double)e * e));
        Assert.InRange(rms, 0.35, 0.85);
    }

    [Fact]
    public void Noise_free_devices_land_on_their_targets() =>
        Assert.All(ProgrammingError.OfTile(new AnalogMatrix(TestData.Uniform(40 * 30, 5), 40, 30, TileConfig.Ideal, new GaussianDriftDevice(0), 1, 0), TestData.Uniform(40 * 30, 5), 0).ErrorMicroSiemens, e => Assert.Equal(0, e, 1e-4));
}
