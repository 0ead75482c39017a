using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class AsinTests : FloatFunctionTests
{
    protected override DataType[] OrtTypes => [DataType.Float32, DataType.Float16];

    protected override string OpType => "Asin";

    protected override (double Low, double High) Range => (-1, 1);

    protected override int FirstOpset => 7;

    protected override double[] ExtraSpecialValues => [0.9999999, -0.9999999, 1.0000001];
}
