namespace BkConsole.Core.Errors;

/// <summary>
/// A failure the user can act on. <see cref="Message"/> says what happened; <see cref="Advice"/> what to do.
/// The CLI prints both and exits with <see cref="ExitCode"/> (1 = failure, 2 = bad usage).
/// </summary>
public class BkException : Exception
{
    public BkException(string message, string? advice = null, Exception? inner = null) : base(message, inner)
    {
        Advice = advice;
    }

    public string? Advice { get; }

    public virtual int ExitCode => ExitCodes.Failure;
}

/// <summary>Bad arguments, unknown names, malformed files given by the user: exit code 2.</summary>
public class UsageException : BkException
{
    public UsageException(string message, string? advice = null, Exception? inner = null) : base(message, advice, inner) { }

    public override int ExitCode => ExitCodes.Usage;
}

public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}
