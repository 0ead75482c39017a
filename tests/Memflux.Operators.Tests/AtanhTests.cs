using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class AtanhTests : FloatFunctionTests
{
    protected override DataType[] OrtTypes => [DataType.Float32, DataType.Float16];

    protected override string OpType => "Atanh";

    protected override (double Low, double High) Range => (-0.99, 0.99);

    protected override int FirstOpset => 9;

    protected override double[] ExtraSpecialValues => [0.9999999, -0.9999999, 1e-08];
}
