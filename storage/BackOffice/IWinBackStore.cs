namespace RetentionActors.Storage.BackOffice;

/// <summary>Which coupons each win-back campaign gave, and how each customer answered, from the database.</summary>
public interface IWinBackStore
{
    /// <summary>Records the coupon a campaign gave a customer; the first one recorded stands.</summary>
    Task RecordIssuedAsync(string campaign, string customerId, string code, DateTimeOffset issuedAt);

    /// <summary>The newest <paramref name="take"/> coupons issued (of one campaign, or all), newest first, then by customer id.</summary>
    Task<IReadOnlyList<WinBackStatus>> StatusAsync(string? campaign, int take, CancellationToken cancellationToken = default);
}
