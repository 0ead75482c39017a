namespace Memflux.Operators.Tests;

public class LogTests : FloatFunctionTests
{
    protected override string OpType => "Log";

    protected override (double Low, double High) Range => (0.001, 100);

    protected override int FirstOpset => 7;

    protected override double[] ExtraSpecialValues => [1e-40, 1e-310, 3.4e+38];
}
