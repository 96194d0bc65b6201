using System.Globalization;
using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.BackOffice;

/// <summary>
/// Coupons per campaign from the coupons' own state rows (<c>grain_state</c>, JSON): a campaign's gift coupon carries the
/// source "campaign {id}" (the customer grain's gift mechanics), and its redemption and voiding times. One grouped query;
/// the rows returned grow with campaigns, not with coupons.
/// </summary>
public sealed class SqlCampaignCoupons(SqlDatabase database) : ICampaignCoupons
{
    // How the customer grain names a campaign's gift as a coupon's source (Domain's CampaignGift.Source).
    private const string SourcePrefix = "campaign ";

    public Task<IReadOnlyList<CampaignCoupons>> CountAsync(string? campaignId, CancellationToken cancellationToken)
    {
        var source = SqlDialect.JsonText(database, "payload", "coupon", "source");
        return database.ReadAsync<IReadOnlyList<CampaignCoupons>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT c.source, COUNT(*), COUNT(c.redeemed), COUNT(c.voided)
                FROM (SELECT {source} AS source,
                             {SqlDialect.JsonText(database, "payload", "coupon", "redeemedAt")} AS redeemed,
                             {SqlDialect.JsonText(database, "payload", "coupon", "voidedAt")} AS voided
                      FROM grain_state WHERE state_name = 'coupon') c
                WHERE c.source LIKE @pattern ESCAPE '\'
                GROUP BY c.source ORDER BY c.source
                """;
            // One campaign's exact source, or any campaign's: the id's own % and _ match only themselves.
            command.With("pattern", campaignId is null ? SourcePrefix + "%" : SourcePrefix + Escape(campaignId));
            var counts = new List<CampaignCoupons>();
            await using var row = await command.ExecuteReaderAsync(cancellationToken);
            while (await row.ReadAsync(cancellationToken))
            {
                var campaign = row.GetString(0)[SourcePrefix.Length..];
                if (campaignId is null || campaign == campaignId) // SQLite's LIKE ignores case
                {
                    counts.Add(new CampaignCoupons(campaign, Long(row, 1), Long(row, 2), Long(row, 3)));
                }
            }
            return counts;
        });
    }

    private static string Escape(string text) => text.Replace(@"\", @"\\", StringComparison.Ordinal)
        .Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    private static long Long(System.Data.Common.DbDataReader row, int ordinal) => Convert.ToInt64(row.GetValue(ordinal), CultureInfo.InvariantCulture);
}
