using RetentionActors.Contracts.Security;

namespace RetentionActors.Contracts.Coupons;

/// <summary>
/// A coupon handed over at a till on a receipt, named as the receipt prints it (store, till, business day,
/// number). The same receipt again is answered as the first time; another receipt is refused once it is used.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Coupons.CouponUse")]
public sealed record CouponUse(
    [property: Id(0)] string StoreId,
    [property: Id(1)] string TerminalId,
    [property: Id(2)] DateOnly BusinessDay,
    [property: Id(3)] string ReceiptId,
    [property: Id(4)] string Code) : ITillOperation
{
    public void Validate()
    {
        Require.Id(StoreId, nameof(StoreId));
        Require.Id(TerminalId, nameof(TerminalId));
        Require.Id(ReceiptId, nameof(ReceiptId));
        Require.Id(Code, nameof(Code));
    }
}
