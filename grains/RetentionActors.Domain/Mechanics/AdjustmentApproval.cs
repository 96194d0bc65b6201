namespace RetentionActors.Domain.Mechanics;

/// <summary>Four eyes on large adjustments: above the program's threshold, a second operator approves.</summary>
public static class AdjustmentApproval
{
    /// <summary>
    /// Whether an adjustment of <paramref name="points"/> (either sign) by <paramref name="operatorId"/> needs an approver
    /// it lacks: the threshold is on (above 0), the adjustment passes it, and nobody else approved it.
    /// </summary>
    public static bool LacksSecondOperator(long threshold, long points, string operatorId, string? approvedBy) =>
        threshold > 0 && Math.Abs(points) > threshold && (approvedBy is null || approvedBy == operatorId);
}
