using System.Security.Cryptography;
using System.Text;

namespace RetentionActors.Domain.Mechanics;

/// <summary>
/// Codes derived from what they are for, so that a retried request yields the same code instead of
/// a second one. Coupon codes are keyed with a cluster secret: knowing a customer id and a campaign
/// name is not enough to make one.
/// </summary>
public static class Codes
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O or 1/I to misread

    /// <summary>
    /// A customer's referral code: meant to be passed on, so it needs no secret. It is the first of
    /// <see cref="ReferralCandidates"/>, and every customer's code unless another customer already held it when they enrolled.
    /// </summary>
    public static string Referral(string customerId) => ReferralCandidate(customerId, 0);

    /// <summary>
    /// The codes a customer may get, in the order enrollment tries them: the first one another customer does not already
    /// hold is theirs. Eight letters of 32 make about 10¹² codes, so among a million members two share a first code with
    /// even odds (the bench's 10-million-member store has dozens of such pairs); the next candidates are as unlikely to be
    /// taken. Derived from the customer id only, so a retried enrollment tries the same codes and finds the one it took.
    /// </summary>
    public static IEnumerable<string> ReferralCandidates(string customerId) =>
        Enumerable.Range(0, ReferralAttempts).Select(attempt => ReferralCandidate(customerId, attempt));

    /// <summary>
    /// What the customer's document keeps of <paramref name="code"/>, the code they got: nothing when it is their first
    /// candidate (as for every customer enrolled before codes could differ), so <see cref="Referral"/> gives it back.
    /// </summary>
    public static string? ReferralToKeep(string customerId, string code) => code == Referral(customerId) ? null : code;

    /// <summary>How many candidates enrollment tries before it gives up (the chance that all are taken is nil in practice).</summary>
    public const int ReferralAttempts = 8;

    private static string ReferralCandidate(string customerId, int attempt) =>
        "R" + Encode(SHA256.HashData(Encoding.UTF8.GetBytes(attempt == 0 ? "referral/" + customerId : $"referral/{customerId}/{attempt}")), 8);

    /// <summary>A coupon's code for <paramref name="customerId"/> and <paramref name="scope"/> (a receipt, a campaign…), keyed with <paramref name="key"/>.</summary>
    public static string Coupon(ReadOnlySpan<byte> key, string customerId, string scope) =>
        "C" + Encode(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"coupon/{customerId}/{scope}")), 12);

    /// <summary>The customer id a till enrollment creates: the same enrollment id always gives the same customer.</summary>
    public static string CustomerFor(string enrollmentId) =>
        "c-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("enrollment/" + enrollmentId)).AsSpan(0, 16));

    private static string Encode(byte[] bytes, int length) => new([.. bytes.Take(length).Select(b => Alphabet[b % Alphabet.Length])]);
}
