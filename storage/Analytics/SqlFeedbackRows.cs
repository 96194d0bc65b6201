using RetentionActors.Contracts.Customers;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// The <c>feedback</c> table: each recommendation answer of a customer document, one row per (customer, reference), so
/// the NPS report groups answers in SQL instead of reading every document.
/// </summary>
internal static class SqlFeedbackRows
{
    /// <summary>
    /// Inside the commit that writes the customer document: records the document's answers that have no row yet (an answer
    /// is never changed, so one already there stays). One statement for all of them; a customer answers rarely.
    /// </summary>
    public static void Insert(GroupCommitWriter writer, SqlDatabase database, string customerId, IReadOnlyList<Feedback> answers)
    {
        if (answers.Count == 0)
        {
            return;
        }
        var rows = string.Join(", ", answers.Select((_, i) => $"(@customer, @reference{i}, @score{i}, @answered{i}, @store{i})"));
        var statement = writer.Defer($"INSERT INTO feedback (customer_id, reference, score, answered_utc, store_id) VALUES {rows} ON CONFLICT (customer_id, reference) DO NOTHING")
            .With("customer", customerId);
        for (var i = 0; i < answers.Count; i++)
        {
            statement.With($"reference{i}", answers[i].Reference)
                .With($"score{i}", answers[i].Score)
                .With($"answered{i}", database.Utc(answers[i].At))
                .With($"store{i}", answers[i].StoreId);
        }
        statement.Run();
    }
}
