namespace Memflux.Operators.Tests;

public class SigmoidTests : FloatFunctionTests
{
    protected override string OpType => "Sigmoid";
}
