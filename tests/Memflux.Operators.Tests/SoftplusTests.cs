using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class SoftplusTests : FloatFunctionTests
{
    protected override DataType[] OrtTypes => [DataType.Float32, DataType.Float16];

    protected override string OpType => "Softplus";

    protected override (double Low, double High) Range => (-20, 20);

    protected override int FirstOpset => 7;

    protected override double[] ExtraSpecialValues => [-20, -40, -90, -110, 20, 40, 89, 10000000000.0];
}
