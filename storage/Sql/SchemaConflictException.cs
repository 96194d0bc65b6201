namespace RetentionActors.Storage.Sql;

/// <summary>
/// The database cannot be brought to this build's schema as it is: the message says what was found and what to do,
/// for the operator, without a stack trace. It never holds a connection string.
/// </summary>
public sealed class SchemaConflictException(string message, Exception? inner = null) : Exception(message, inner);
