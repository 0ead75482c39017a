namespace Memflux.Cli;

/// <summary>The exit codes of <c>memflux</c>.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked and every check passed.</summary>
    public const int Success = 0;

    /// <summary>A check failed (verify out of tolerance), or an internal error (a bug) occurred.</summary>
    public const int Failure = 1;

    /// <summary>A user error: bad arguments, a missing or invalid file, unsupported model content.</summary>
    public const int UserError = 2;
}
