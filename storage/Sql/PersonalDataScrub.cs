using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Runtime;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Storage.Sql;

/// <summary>
/// The free-text half of an erasure (<see cref="PersonalDataErasure"/>), run inside the writer job of the commit that
/// pseudonymises the profile: operators' words about the customer are replaced by <see cref="PersonalDataErasure.Marker"/>
/// wherever they were stored, and nothing else changes.
/// </summary>
internal static class PersonalDataScrub
{
    // State names of the grains whose state may hold an operator's words about a customer (LoyaltyCardGrain, CouponGrain).
    private const string CardState = "card";
    private const string CouponState = "coupon";

    public static void Run(GroupCommitWriter writer, SqlDatabase database, string customerId, PersonalDataErasure erasure)
    {
        const string Marker = PersonalDataErasure.Marker;
        writer.Command("UPDATE ledger SET reason = @marker WHERE customer_id = @customer AND kind = @kind AND reason IS NOT NULL AND reason <> @marker")
            .With("marker", Marker)
            .With("customer", customerId)
            .With("kind", nameof(EntryKind.Adjustment))
            .ExecuteNonQuery();
        writer.Command("""
                UPDATE adjustment_approvals
                SET reason = @marker, decision_note = CASE WHEN decision_note IS NULL THEN NULL ELSE @marker END
                WHERE customer_id = @customer
                """)
            .With("marker", Marker)
            .With("customer", customerId)
            .ExecuteNonQuery();

        var rewritten = RewriteGrainState(writer, database, customerId, erasure);
        var cards = rewritten.Where(g => g.Type.ToString() == CardState).Select(g => g.Key.ToString()!);
        foreach (var target in cards.Concat(erasure.CardIds).Append(customerId).Distinct(StringComparer.Ordinal))
        {
            writer.Command("UPDATE backoffice_audit SET detail = @marker WHERE target = @target AND detail IS NOT NULL AND detail <> @marker")
                .With("marker", Marker)
                .With("target", target)
                .ExecuteNonQuery();
        }
        erasure.NoteRewritten(rewritten);
    }

    /// <summary>Block reasons of the customer's cards and descriptions of the coupons the back office issued them.</summary>
    private static List<GrainId> RewriteGrainState(GroupCommitWriter writer, SqlDatabase database, string customerId, PersonalDataErasure erasure)
    {
        // A cheap text match first (both engines, no JSON functions); each candidate is then checked as JSON.
        var owner = $"\"customerId\":{JsonSerializer.Serialize(customerId, StorageJson.Options)}";
        var candidates = new List<(string State, string Grain)>();
        using (var reader = writer.Command("SELECT state_name, grain_id FROM grain_state WHERE state_name IN (@card, @coupon) AND payload LIKE @owner ESCAPE '\\'")
            .With("card", CardState)
            .With("coupon", CouponState)
            .With("owner", "%" + EscapeLike(owner) + "%")
            .ExecuteReader())
        {
            while (reader.Read())
            {
                candidates.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var rewritten = new List<GrainId>();
        foreach (var (state, grain) in candidates)
        {
            if (Rewrite(writer, database, state, grain, customerId, erasure))
            {
                rewritten.Add(GrainId.Parse(grain));
            }
        }
        return rewritten;
    }

    // Another silo may write the row between the read and the update (PostgreSQL): then it is read again.
    private static bool Rewrite(GroupCommitWriter writer, SqlDatabase database, string state, string grain, string customerId, PersonalDataErasure erasure)
    {
        for (var attempt = 1; ; attempt++)
        {
            long etag;
            string payload;
            using (var reader = writer.Command("SELECT etag, payload FROM grain_state WHERE state_name = @name AND grain_id = @grain")
                .With("name", state)
                .With("grain", grain)
                .ExecuteReader())
            {
                if (!reader.Read())
                {
                    return false;
                }
                (etag, payload) = (reader.GetInt64(0), reader.GetString(1));
            }
            if (Erased(state, payload, customerId, erasure) is not { } erased)
            {
                return false;
            }
            var updated = writer.Command("""
                    UPDATE grain_state SET payload = @payload, etag = etag + 1, updated_utc = @now
                    WHERE state_name = @name AND grain_id = @grain AND etag = @etag
                    """)
                .With("payload", erased)
                .With("now", database.Utc(DateTimeOffset.UtcNow))
                .With("name", state)
                .With("grain", grain)
                .With("etag", etag)
                .ExecuteNonQuery();
            if (updated == 1)
            {
                return true;
            }
            if (attempt == 5)
            {
                throw new RetentionActors.Contracts.ConcurrentUpdateException($"State {state} of {grain} kept changing while the personal data of customer {customerId} was erased; erase again.");
            }
        }
    }

    /// <summary>The payload with the customer's free text replaced; null when it holds none of theirs.</summary>
    private static string? Erased(string state, string payload, string customerId, PersonalDataErasure erasure)
    {
        var root = JsonNode.Parse(payload)?.AsObject();
        var record = state == CouponState ? root?["coupon"]?.AsObject() : root;
        if (record is null || record["customerId"]?.GetValue<string>() != customerId)
        {
            return null;
        }
        var field = state == CouponState ? "description" : "blockReason";
        if (state == CouponState && erasure.ProgramCoupons.Contains(record["code"]?.GetValue<string>()))
        {
            return null;
        }
        if (record[field] is not JsonValue text || text.GetValue<string>() == PersonalDataErasure.Marker)
        {
            return null;
        }
        record[field] = PersonalDataErasure.Marker;
        return root!.ToJsonString(StorageJson.Options);
    }

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal)
        .Replace("_", "\\_", StringComparison.Ordinal);
}
