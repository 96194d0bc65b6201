namespace RetentionActors.Storage.BackOffice;

/// <summary>A win-back coupon as issued, whether the customer bought after it (and first when), and whether the coupon was used.</summary>
public sealed record WinBackStatus(string Campaign, string CustomerId, string Code, DateTimeOffset IssuedAt, bool CameBack, DateTimeOffset? ReturnedAt, bool CouponUsed);
