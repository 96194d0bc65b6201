using RetentionActors.Domain.Ledger;

namespace RetentionActors.Domain.Liability;

/// <summary>
/// Which figure of the liability report a ledger entry moves. Every entry falls in exactly one, so the outstanding points
/// at the end of a window are those at its start plus issued, less redeemed, expired and reversed.
/// </summary>
public enum LiabilityMovement
{
    /// <summary>Purchases, bonuses and manual adjustments that give points.</summary>
    Issued,
    /// <summary>
    /// Redemptions, less the redeemed points given back when the purchase they paid for is returned. An offline
    /// redemption counts what the balance covered when it was booked, and the rest when it is recovered from later earnings.
    /// </summary>
    Redeemed,
    /// <summary>Lots that reached their expiry date unspent.</summary>
    Expired,
    /// <summary>Points taken back: returns (their earned points and bonuses) and manual adjustments that take points.</summary>
    Reversed,
}

public static class LiabilityMovements
{
    /// <summary>The figure an entry of <paramref name="kind"/> moves; <paramref name="credit"/>: it adds points (positive points).</summary>
    public static LiabilityMovement Of(EntryKind? kind, bool credit) => kind switch
    {
        EntryKind.Purchase or EntryKind.Bonus => LiabilityMovement.Issued,
        EntryKind.Redemption or EntryKind.RedemptionReturn or EntryKind.OfflineRedemption or EntryKind.DebtRecovery => LiabilityMovement.Redeemed,
        EntryKind.Expiry => LiabilityMovement.Expired,
        EntryKind.Refund or EntryKind.BonusReversal => LiabilityMovement.Reversed,
        // Adjustments, and any kind this build does not know, by their sign.
        _ => credit ? LiabilityMovement.Issued : LiabilityMovement.Reversed,
    };
}
