namespace Memflux.Operators.Tests;

public class AbsTests : NumericUnaryOpTests
{
    protected override string OpType => "Abs";
}
