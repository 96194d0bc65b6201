using RetentionActors.Storage.BackOffice;

namespace RetentionActors.Silo.Reports;

/// <summary>
/// The program at a glance, for the home page. Days are UTC days. Today's purchases are compared with yesterday's; the month's
/// figures (from the 1st to today) with the whole previous month; active members (a purchase in the last 30 or 90 days) with
/// the 30 or 90 days before; the liability now with the one at the end of last month. <see cref="RedemptionRate"/> = points
/// redeemed / points issued × 100 over the month. <see cref="Days"/> holds each day since the first of last month, for the
/// trend charts (days with nothing are left out); <see cref="WorkDays"/> every one of those days with the tills' dead letters
/// open at its end and the webhook events given up on that day, derived from the rows' times.
/// </summary>
public sealed record ProgramGlance(
    DateOnly Today, string Currency,
    GlanceFigure PurchasesToday, GlanceFigure PurchasesThisMonth, GlanceFigure PointsIssued, GlanceFigure PointsRedeemed,
    GlanceFigure RedemptionRate, GlanceFigure NewMembers, GlanceFigure ActiveMembers30Days, GlanceFigure ActiveMembers90Days,
    GlanceFigure LiabilityPoints, GlanceFigure LiabilityValue,
    long OpenDeadLetters, long WebhookDeadLetters, long FailingWebhooks,
    IReadOnlyList<GlanceDay> Days, IReadOnlyList<GlanceWorkDay> WorkDays);
