using System.Security.Cryptography;
using System.Text;

namespace RetentionActors.Domain.Mechanics;

/// <summary>
/// Codes derived from what they are for, so that a retried request yields the same code instead of
/// a second one, yet cannot be guessed from a customer id without the hash.
/// </summary>
public static class Codes
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O or 1/I to misread

    public static string Referral(string customerId) => "R" + Hash("referral/" + customerId, 8);

    public static string Coupon(string customerId, string scope) => "C" + Hash($"coupon/{customerId}/{scope}", 10);

    private static string Hash(string text, int length)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return new string([.. bytes.Take(length).Select(b => Alphabet[b % Alphabet.Length])]);
    }
}
