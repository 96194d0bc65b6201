using RetentionActors.Domain.Mechanics;

namespace RetentionActors.Bench.Cluster;

/// <summary>
/// The referral codes a bulk seeder hands out, as enrollment does: each customer gets the first of their candidate codes
/// no customer seeded before holds. A few million members in, two share a first candidate; the second gets the next one,
/// kept in their document.
/// </summary>
public sealed class SeededReferralCodes
{
    private readonly HashSet<string> _taken = [];

    /// <summary>The customer's code, and what their document records of it (null when it is their first candidate).</summary>
    public (string Code, string? InDocument) Claim(string customerId)
    {
        var code = Codes.ReferralCandidates(customerId).First(_taken.Add);
        return (code, Codes.ReferralToKeep(customerId, code));
    }
}
