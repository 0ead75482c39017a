namespace Memflux.Operators.Tests;

public class SinTests : FloatFunctionTests
{
    protected override string OpType => "Sin";

    protected override (double Low, double High) Range => (-10, 10);

    protected override int FirstOpset => 7;

    protected override double[] ExtraSpecialValues => [3.14159265358979, 100000.0, -100000.0];
}
