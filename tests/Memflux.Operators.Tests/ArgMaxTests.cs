namespace Memflux.Operators.Tests;

public class ArgMaxTests : ArgExtremumTests
{
    protected override string OpType => "ArgMax";
}
