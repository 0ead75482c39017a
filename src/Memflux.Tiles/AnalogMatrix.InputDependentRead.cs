using System.Numerics.Tensors;
using Memflux.Numerics;

namespace Memflux.Tiles;

/// <summary>
/// The read terms that depend on each input vector beyond the product (<see cref="TileConfig.ReadWeightNoise"/>,
/// <see cref="TileConfig.AihwkitIrDrop"/>), applied to a tile's transposed outputs yaᵀ (columns × m) between the GEMM and
/// the output stages. Each term is a second product over the same tile: Σ_j |Ŵ_ij| |x̂_j|, Σ_j Ŵ_ij x̂_j w_j (IR drop)
/// and Σ_j |Ŵ_ij| x̂_j² (weight noise), each one GEMM of m × rows × columns.
/// </summary>
public sealed partial class AnalogMatrix
{
    private float[] _xTerm = [];
    private float[] _termA = [];
    private float[] _termB = [];
    private float[] _absWeights = [];
    private float[] _positions = [];
    private int _termCapacity;

    /// <summary>Stream of the PCM_READ weight noise (<see cref="CrossbarTile"/>'s streams are 1–5).</summary>
    internal const ulong StreamReadWeightNoise = 6;

    /// <summary>Adds <paramref name="tile"/>'s input-dependent terms to yaᵀ for the current row block's x̂ (in _xq).</summary>
    private void ApplyInputDependentRead(CrossbarTile tile, int m, ulong callIndex)
    {
        int rows = tile.Rows, cols = tile.Columns;
        EnsureTermCapacity(m, rows, cols);
        var xq = _xq.AsSpan(0, m * rows);
        var xTerm = _xTerm.AsSpan(0, m * rows);
        var ya = _ya.AsSpan(0, m * cols);
        var a = _termA.AsSpan(0, m * cols);
        var b = _termB.AsSpan(0, m * cols);
        var absWeights = _absWeights.AsSpan(0, rows * cols);
        TensorPrimitives.Abs(tile.WeightsTransposed.AsSpan(0, rows * cols), absWeights);

        var ir = Config.AihwkitIrDrop;
        if (ir.Enabled)
        {
            // a = |Ŵ|ᵀ·|x̂|ᵀ (total current per output), b = Ŵᵀ·(x̂ ⊙ w)ᵀ (the position-weighted product).
            TensorPrimitives.Abs(xq, xTerm);
            Gemm.Multiply(false, true, cols, m, rows, 1f, absWeights, rows, xTerm, rows, 0f, a, m);
            var positions = _positions.AsSpan(0, rows);
            for (int j = 0; j < rows; j++)
            {
                positions[j] = AihwkitIrDrop.PositionWeight(j, rows);
            }

            for (int r = 0; r < m; r++)
            {
                TensorPrimitives.Multiply(xq.Slice(r * rows, rows), positions, xTerm.Slice(r * rows, rows));
            }

            Gemm.Multiply(false, true, cols, m, rows, 1f, tile.WeightsTransposed, rows, xTerm, rows, 0f, b, m);
            double toA = rows / ir.WireToDeviceConductance;
            for (int i = 0; i < a.Length; i++)
            {
                ya[i] -= (float)(ir.Scale * AihwkitIrDrop.Polynomial(toA * a[i]) * b[i]);
            }
        }

        if (Config.ReadWeightNoise > 0)
        {
            // σ = σ_w·√(|Ŵ|ᵀ·(x̂²)ᵀ), ξ keyed by (tile, read, call), counter = column·m + vector.
            TensorPrimitives.Multiply(xq, xq, xTerm);
            Gemm.Multiply(false, true, cols, m, rows, 1f, absWeights, rows, xTerm, rows, 0f, a, m);
            TensorPrimitives.Sqrt(a, a);
            GaussianNoise.Fill(CounterRandom.Key(tile.Key, _readIndex, callIndex, StreamReadWeightNoise), 0, b);
            TensorPrimitives.Multiply(a, b, b);
            TensorPrimitives.MultiplyAdd(b, (float)Config.ReadWeightNoise, ya, ya);
        }
    }

    private void EnsureTermCapacity(int m, int rows, int cols)
    {
        if (_absWeights.Length < rows * cols)
        {
            _absWeights = new float[rows * cols];
            _positions = new float[rows];
        }

        if (m <= _termCapacity && _xTerm.Length >= m * rows && _termA.Length >= m * cols)
        {
            return;
        }

        int capacity = Math.Max(m, _termCapacity * 2);
        int rowsMax = Math.Min(Config.Rows, Inputs), colsMax = Math.Min(Config.Columns, Outputs);
        _xTerm = new float[(long)capacity * rowsMax <= Array.MaxLength ? capacity * rowsMax : throw new MemfluxException($"AnalogMatrix: {m} input vectors of {Inputs} inputs exceed one buffer.")];
        _termA = new float[(long)capacity * colsMax <= Array.MaxLength ? capacity * colsMax : throw new MemfluxException($"AnalogMatrix: {m} input vectors of {Outputs} outputs exceed one buffer.")];
        _termB = new float[_termA.Length];
        _termCapacity = capacity;
    }
}
