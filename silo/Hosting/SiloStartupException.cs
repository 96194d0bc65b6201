namespace RetentionActors.Silo.Hosting;

/// <summary>
/// A known reason not to start, for the operator: the message says what is wrong and what to do, and is
/// printed alone on standard error (no stack trace) before the silo exits with code 2. It never holds a
/// password or a connection string.
/// </summary>
public sealed class SiloStartupException(string message) : Exception(message);
