namespace Memflux.Numerics;

/// <summary>
/// An error a user can act on: bad input, unsupported model content, inconsistent settings.
/// The message names the file, node or field, what was expected and what was found.
/// The command line prints it without a stack trace and exits with code 2.
/// </summary>
public class MemfluxException : Exception
{
    /// <summary>Creates an error with a user-facing message.</summary>
    public MemfluxException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an error with a user-facing message and the low-level cause.</summary>
    public MemfluxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
