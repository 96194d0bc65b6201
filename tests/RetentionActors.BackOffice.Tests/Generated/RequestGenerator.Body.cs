using CsCheck;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>Bodies broken as a whole: the wrong content type, not JSON, not a history.</summary>
public sealed partial class RequestGenerator
{
    private Gen<ApiRequest> WrongContentType() =>
        Gen.OneOf<string?>("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=fz", "text/csv",
                "application/octet-stream", null, "application/jsonx", "json")
            .Select(type => Request($"content type {type ?? "(none)"}", callers.Admin, operation.Method, PathWith(), Body(), type, Refused));

    // The request with a body the operation cannot read as JSON at all.
    private Gen<ApiRequest> BrokenBody()
    {
        var json = spec.Json!().ToJsonString();
        return Gen.Frequency<(string What, byte[] Bytes)>(
            (4, Gen.OneOf<string>("", " ", "null", "[]", "\"text\"", "42", "true", "{", "}", "{}}", "\u0000").Select(body => ($"body {body}", ApiRequest.Utf8(body)))),
            (4, Gen.Int[1, Math.Max(1, json.Length - 1)].Select(cut => ($"body cut after {cut} characters", ApiRequest.Utf8(json[..cut])))),
            (3, Gen.OneOf<string>("x", "}", ",", json, "\u0000").Select(tail => ($"body followed by {tail}", ApiRequest.Utf8(json + tail)))),
            (3, Gen.OneOf<(string, byte[])>(
                ("a comment", ApiRequest.Utf8("/* c */" + json)),
                ("a trailing comma", ApiRequest.Utf8(json[..^1] + ",}")),
                ("single quotes", ApiRequest.Utf8(json.Contains('"', StringComparison.Ordinal) ? json.Replace('"', '\'') : "{'fz':1}")),
                ("NaN", ApiRequest.Utf8("{\"fz\":NaN," + json[1..])),
                ("invalid UTF-8", [(byte)'{', 0xFF, 0xFE, .. ApiRequest.Utf8(json[1..])]),
                ("nesting 5,000 deep", ApiRequest.Utf8(new string('[', 5_000) + new string(']', 5_000))))),
            (1, Gen.Const(("a 31 MB body", ApiRequest.Utf8("{\"fz\":\"" + new string('x', 31_000_000) + "\"}")))))
            .Select(body => Request(body.What, callers.Admin, operation.Method, PathWith(), body.Bytes, "application/json", Refused));
    }

    private Gen<ApiRequest> GarbageInsteadOfCsv() =>
        Gen.OneOf<string>("", "\u0000\u0001\u0002", "{\"rows\":[]}", "<xml/>", "customer_id\n", new string(',', 1000), "\uFEFF\uFEFF")
            .Select(body => Request($"body {body}", callers.Admin, operation.Method, PathWith(), ApiRequest.Utf8(body), "text/csv", Refused));
}
