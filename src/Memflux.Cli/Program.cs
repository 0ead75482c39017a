namespace Memflux.Cli;

/// <summary>Entry point of the <c>memflux</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line; returns the exit code.</summary>
    public static int Main(string[] args)
    {
        Console.WriteLine($"memflux: {args.Length} arguments");
        return 0;
    }
}
