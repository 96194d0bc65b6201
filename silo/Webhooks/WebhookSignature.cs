using System.Security.Cryptography;
using System.Text;

namespace RetentionActors.Silo.Webhooks;

/// <summary>
/// How a delivery is signed (docs/webhooks.md): HMAC-SHA256, keyed with the subscription's secret (its UTF-8 bytes),
/// over the timestamp header's value, a dot, and the body's bytes; sent as <c>v1=</c> and lowercase hex.
/// </summary>
public static class WebhookSignature
{
    public const string EventIdHeader = "Retention-Event-Id";
    public const string TimestampHeader = "Retention-Timestamp";
    public const string SignatureHeader = "Retention-Signature";

    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var signed = new byte[Encoding.UTF8.GetByteCount(timestamp) + 1 + body.Length];
        var written = Encoding.UTF8.GetBytes(timestamp, signed);
        signed[written] = (byte)'.';
        body.CopyTo(signed.AsSpan(written + 1));
        return "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>A new secret: 32 random bytes, base64url, with a prefix that says what it is.</summary>
    public static string NewSecret() => "whsec_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
