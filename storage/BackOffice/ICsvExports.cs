namespace RetentionActors.Storage.BackOffice;

/// <summary>The back office's exports, read from the database one row at a time as the caller writes them out.</summary>
public interface ICsvExports
{
    /// <summary>Every customer with purchase totals, by customer id.</summary>
    IAsyncEnumerable<CustomerExportRow> CustomersAsync(CancellationToken cancellationToken = default);

    /// <summary>The ledger's column names, in the order of <see cref="LedgerAsync"/>'s values.</summary>
    IReadOnlyList<string> LedgerColumns { get; }

    /// <summary>Every ledger entry, by customer and sequence, as text (times in ISO 8601; null where the entry has no value).</summary>
    IAsyncEnumerable<string?[]> LedgerAsync(CancellationToken cancellationToken = default);
}
