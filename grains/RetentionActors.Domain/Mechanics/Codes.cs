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

    /// <summary>A customer's referral code: meant to be passed on, so it needs no secret.</summary>
    public static string Referral(string customerId) => "R" + Encode(SHA256.HashData(Encoding.UTF8.GetBytes("referral/" + customerId)), 8);

    /// <summary>A coupon's code for <paramref name="customerId"/> and <paramref name="scope"/> (a receipt, a campaign…), keyed with <paramref name="key"/>.</summary>
    public static string Coupon(ReadOnlySpan<byte> key, string customerId, string scope) =>
        "C" + Encode(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"coupon/{customerId}/{scope}")), 12);

    /// <summary>The customer id a till enrollment creates: the same enrollment id always gives the same customer.</summary>
    public static string CustomerFor(string enrollmentId) =>
        "c-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("enrollment/" + enrollmentId)).AsSpan(0, 16));

    private static string Encode(byte[] bytes, int length) => new([.. bytes.Take(length).Select(b => Alphabet[b % Alphabet.Length])]);
}
