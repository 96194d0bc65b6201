namespace RetentionActors.Tests.Shared.Silo;

/// <summary>How a silo process that stopped by itself ended: its exit code, standard output and standard error.</summary>
public sealed record SiloExit(int ExitCode, string Output, string Errors);
