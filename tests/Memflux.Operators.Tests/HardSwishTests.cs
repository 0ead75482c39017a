using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class HardSwishTests : FloatFunctionTests
{
    protected override string OpType => "HardSwish";

    protected override int Opset => 14;

    protected override DataType[] OrtTypes => [DataType.Float32, DataType.Float16];

    protected override (double Low, double High) Range => (-6, 6);

    protected override int FirstOpset => 14;

    protected override double[] ExtraSpecialValues => [3, -3, 2.9999998, -2.9999998];
}
