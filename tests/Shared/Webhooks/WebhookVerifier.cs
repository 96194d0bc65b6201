using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RetentionActors.Tests.Shared.Webhooks;

/// <summary>
/// The sample verifier of docs/webhooks.md, as a receiver would write it (no reference to the silo's code): checks the
/// signature over the timestamp and the raw body, in fixed time, and refuses a timestamp too far from now (a replayed
/// old delivery).
/// </summary>
public static class WebhookVerifier
{
    public static bool IsValid(string secret, string? timestamp, string? signature, byte[] body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (timestamp is null || signature is null || !signature.StartsWith("v1=", StringComparison.Ordinal)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray();
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        byte[] given;
        try
        {
            given = Convert.FromHexString(signature["v1=".Length..]);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
