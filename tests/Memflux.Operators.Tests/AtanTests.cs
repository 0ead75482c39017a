using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class AtanTests : FloatFunctionTests
{
    protected override DataType[] OrtTypes => [DataType.Float32, DataType.Float16];

    protected override string OpType => "Atan";

    protected override (double Low, double High) Range => (-10, 10);

    protected override int FirstOpset => 7;

    protected override double[] ExtraSpecialValues => [10000000000.0, -10000000000.0];
}
