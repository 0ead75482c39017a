using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class CoshTests : FloatFunctionTests
{
    protected override DataType[] OrtTypes => [DataType.Float32, DataType.Float16];

    protected override string OpType => "Cosh";

    protected override (double Low, double High) Range => (-10, 10);

    protected override int FirstOpset => 9;

    protected override double[] ExtraSpecialValues => [88, 89, -89, 710];
}
