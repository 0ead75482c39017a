using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class AsinhTests : FloatFunctionTests
{
    protected override DataType[] OrtTypes => [DataType.Float32, DataType.Float16];

    protected override string OpType => "Asinh";

    protected override (double Low, double High) Range => (-10, 10);

    protected override int FirstOpset => 9;

    protected override double[] ExtraSpecialValues => [10000000000.0, -10000000000.0, 1e-08];
}
