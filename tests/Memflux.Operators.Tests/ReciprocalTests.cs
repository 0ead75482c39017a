namespace Memflux.Operators.Tests;

public class ReciprocalTests : FloatFunctionTests
{
    protected override string OpType => "Reciprocal";

    protected override (double Low, double High) Range => (-6, 6);

    protected override int FirstOpset => 7;

    protected override double[] ExtraSpecialValues => [1e-40, 3, 7, 3.4e+38];
}
