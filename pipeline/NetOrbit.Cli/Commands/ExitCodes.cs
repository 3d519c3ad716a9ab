namespace NetOrbit.Cli.Commands;

/// <summary>Process exit codes.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The run failed while working (a stage error, an I/O error).</summary>
    public const int Failed = 1;

    /// <summary>Bad input: configuration, data file, series, plugin.</summary>
    public const int BadInput = 2;

    /// <summary>Stopped by Ctrl+C.</summary>
    public const int Cancelled = 130;
}
