using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class SoftsignTests : FloatFunctionTests
{
    protected override DataType[] OrtTypes => [DataType.Float32, DataType.Float16];

    protected override string OpType => "Softsign";

    protected override (double Low, double High) Range => (-10, 10);

    protected override int FirstOpset => 7;

    protected override double[] ExtraSpecialValues => [10000000000.0, -10000000000.0, 3.4e+38];
}
