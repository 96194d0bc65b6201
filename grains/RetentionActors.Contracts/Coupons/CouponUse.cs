using RetentionActors.Contracts.Security;

namespace RetentionActors.Contracts.Coupons;

/// <summary>A coupon handed over at a till on receipt <see cref="ReceiptId"/>. The same store and receipt again is answered as the first time.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Coupons.CouponUse")]
public sealed record CouponUse(
    [property: Id(0)] string StoreId,
    [property: Id(1)] string TerminalId,
    [property: Id(2)] string ReceiptId,
    [property: Id(3)] string Code) : ITillOperation
{
    public void Validate()
    {
        Require.Id(StoreId, nameof(StoreId));
        Require.Id(TerminalId, nameof(TerminalId));
        Require.Id(ReceiptId, nameof(ReceiptId));
        Require.Id(Code, nameof(Code));
    }
}
