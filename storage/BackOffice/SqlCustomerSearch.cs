using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.BackOffice;

/// <summary>
/// A customer found by the back office's search, and which of their keys matched: <c>id</c>, <c>email</c> or <c>phone</c>
/// here, <c>card</c> when the back office found them by a card's link.
/// </summary>
public sealed record CustomerMatch(string CustomerId, string DisplayName, string? Email, string? Phone, string MatchedBy);

/// <summary>
/// The back office's customer search by exact id, e-mail or phone, on the customers table's keys: at most 50 matches,
/// by customer id, whatever the number of customers. E-mails are stored lower-case, so the e-mail is compared so.
/// </summary>
public static class SqlCustomerSearch
{
    public const int MostMatches = 50;

    public static Task<IReadOnlyList<CustomerMatch>> FindAsync(SqlDatabase database, string text, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<CustomerMatch>>(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = $"""
                SELECT customer_id, display_name, email, phone,
                       CASE WHEN customer_id = @q THEN 'id' WHEN email = @email THEN 'email' ELSE 'phone' END
                FROM customers WHERE customer_id = @q OR email = @email OR phone = @q
                ORDER BY customer_id LIMIT {MostMatches}
                """;
            query.With("q", text).With("email", text.ToLowerInvariant());
            var matches = new List<CustomerMatch>();
            await using var row = await query.ExecuteReaderAsync(cancellationToken);
            while (await row.ReadAsync(cancellationToken))
            {
                matches.Add(new CustomerMatch(row.GetString(0), row.GetString(1), row.NullableString(2), row.NullableString(3), row.GetString(4)));
            }
            return matches;
        });
}
