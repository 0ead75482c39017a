using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class SinhTests : FloatFunctionTests
{
    protected override DataType[] OrtTypes => [DataType.Float32, DataType.Float16];

    protected override string OpType => "Sinh";

    protected override (double Low, double High) Range => (-10, 10);

    protected override int FirstOpset => 9;

    protected override double[] ExtraSpecialValues => [88, 89, -89, 710];
}
