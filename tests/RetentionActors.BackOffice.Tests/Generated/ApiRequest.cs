using System.Text;
using RetentionActors.Tests.Shared.Generated;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>
/// One generated request: what is wrong with it (<see cref="Defect"/>), who sends it, and the raw method, path (already
/// escaped, hostile segments included), body bytes and content type, so nothing between the generator and the silo
/// repairs it.
/// </summary>
public sealed record ApiRequest(string Operation, string Defect, ApiCaller Caller, string Method, string PathAndQuery, byte[]? Body, string? ContentType, Expectation Expect)
{
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public string Input => $"{Method} {Shown.Text(PathAndQuery, 160)} as {Caller}"
        + (ContentType is null ? "" : $", {ContentType}") + (Body is null ? "" : $", body {Shown.Bytes(Body)}");

    public override string ToString() => $"{Operation} [{Defect}]";
}
