using System.Text.Json;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>One operation (method and path) of the OpenAPI document the silo serves, with its parameters and body schema.</summary>
public sealed record ApiOperation(string Method, string Path, IReadOnlyList<ApiParameter> Parameters, Schema? Body)
{
    public string Key => $"{Method} {Path}";

    public IEnumerable<ApiParameter> InPath => Parameters.Where(p => p.In == "path");

    public IEnumerable<ApiParameter> InQuery => Parameters.Where(p => p.In == "query");

    /// <summary>Every operation of the document at <c>/openapi/v1.json</c>.</summary>
    public static IReadOnlyList<ApiOperation> AllOf(JsonElement document)
    {
        var components = document.GetProperty("components").GetProperty("schemas");
        var operations = new List<ApiOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                var parameters = method.Value.TryGetProperty("parameters", out var list)
                    ? list.EnumerateArray().Select(p => new ApiParameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!, new Schema(p.GetProperty("schema"), components))).ToList()
                    : [];
                var body = method.Value.TryGetProperty("requestBody", out var requestBody)
                    && requestBody.GetProperty("content").TryGetProperty("application/json", out var json)
                    ? new Schema(json.GetProperty("schema"), components)
                    : null;
                operations.Add(new ApiOperation(method.Name.ToUpperInvariant(), path.Name, parameters, body));
            }
        }
        return operations;
    }

    public override string ToString() => Key;
}

public sealed record ApiParameter(string Name, string In, Schema Schema);
