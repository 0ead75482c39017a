namespace Memflux.Operators.Tests;

public class ExpTests : FloatFunctionTests
{
    protected override string OpType => "Exp";

    protected override (double Low, double High) Range => (-10, 10);

    protected override int FirstOpset => 7;

    protected override double[] ExtraSpecialValues => [88.7, 88.8, -87, -104, 709, 710];
}
