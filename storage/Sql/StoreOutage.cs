namespace RetentionActors.Storage.Sql;

/// <summary>The database has been unreachable for the group-commit writer since <see cref="Since"/>; <see cref="Reason"/> is the driver's last error message.</summary>
public sealed record StoreOutage(DateTimeOffset Since, string Reason);
