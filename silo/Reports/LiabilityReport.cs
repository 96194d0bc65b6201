namespace RetentionActors.Silo.Reports;

/// <summary>
/// The points liability at the end of UTC day <see cref="AsOf"/>, from the ledger entries that occurred by then
/// (docs/liability.md defines each figure). Points: <see cref="OutstandingPoints"/> = <see cref="SpendablePoints"/> +
/// <see cref="PendingPoints"/>. Values: points × <see cref="ValuePerPoint"/>, the program's liability value per point in force
/// then (its redemption value per point when none is set), exact. The movements cover the 12 months
/// [<see cref="WindowFrom"/>, <see cref="AsOf"/>]; <see cref="BreakagePercent"/> = expired / issued × 100 over them, null when
/// nothing was issued.
/// </summary>
public sealed record LiabilityReport(
    DateOnly AsOf, string Currency, decimal ValuePerPoint,
    long SpendablePoints, long PendingPoints, long OutstandingPoints,
    decimal SpendableValue, decimal PendingValue, decimal OutstandingValue,
    DateOnly WindowFrom, long IssuedPoints, long RedeemedPoints, long ExpiredPoints, long ReversedPoints, double? BreakagePercent);
