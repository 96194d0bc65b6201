using System.Data.Common;
using RetentionActors.Grains.Audit;

namespace RetentionActors.Storage.Sql;

/// <summary>Rows of the <c>backoffice_audit</c> table, written inside the writer job of the change they record.</summary>
internal static class SqlAuditRows
{
    public const string Columns = "id, at_utc, actor, action, target, detail, outcome";

    /// <summary>
    /// Inserts <paramref name="record"/> (nothing when null) unless a row with its id is there: every write made for one
    /// intent carries the same row, and the first to commit wins.
    /// </summary>
    public static void Insert(GroupCommitWriter writer, SqlDatabase database, AuditRecord? record)
    {
        if (record is null)
        {
            return;
        }
        writer.Defer($"INSERT INTO backoffice_audit ({Columns}) VALUES (@audit_id, @audit_at, @actor, @action, @target, @detail, @outcome) ON CONFLICT (id) DO NOTHING")
            .With("audit_id", record.Id)
            .With("audit_at", database.Utc(record.At))
            .With("actor", record.Actor)
            .With("action", record.Action)
            .With("target", record.Target)
            .With("detail", record.Detail)
            .With("outcome", record.Outcome)
            .Run();
    }

    public static AuditRecord Read(DbDataReader row, SqlDatabase database) =>
        new(row.GetString(0), database.ReadUtc(row, 1), row.GetString(2), row.GetString(3), row.GetString(4), row.NullableString(5), row.GetString(6));
}
