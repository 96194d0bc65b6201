using System.Diagnostics;
using RetentionActors.Tests.Shared.Generated;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>
/// Sends generated requests one at a time and judges each: its answer (<see cref="ApiOracle"/>), and what it changed,
/// from a snapshot of the state before and after it (so a change is pinned on the very request that made it).
/// </summary>
public sealed class ApiCaseRunner(HttpClient http, IStateProbe state, CaseFailures failures)
{
    /// <summary>How many answers had each status, for the report.</summary>
    public SortedDictionary<int, int> Statuses { get; } = [];

    public TimeSpan Elapsed { get; private set; }

    /// <summary>Kestrel's default <c>MaxRequestLineSize</c>, which the silo keeps.</summary>
    private const int ServerRequestLineLimit = 8 * 1024;

    public Task RunAsync(IEnumerable<(int Number, ApiRequest Request)> cases, CancellationToken cancellationToken) =>
        RunAsync(cases, request => request, (request, status, body) => ApiOracle.Judge(request, status, body), cancellationToken);

    /// <summary>Runs cases of any kind: <paramref name="request"/> says what to send, <paramref name="judge"/> what is wrong with the answer.</summary>
    public async Task RunAsync<T>(IEnumerable<(int Number, T Case)> cases, Func<T, ApiRequest> request, Func<T, int, string, string?> judge, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var before = await state.ReadAsync();
        foreach (var (number, @case) in cases)
        {
            var sent = request(@case);
            var (status, body) = await SendAsync(sent, cancellationToken);
            Statuses[status] = Statuses.GetValueOrDefault(status) + 1;
            if (judge(@case, status, body) is { } wrong)
            {
                failures.Add(number, sent.ToString(), sent.Input, wrong);
            }
            var after = await state.ReadAsync();
            if (after.ChangesSince(before) is { } changed)
            {
                failures.Add(number, sent.ToString(), sent.Input, $"it changed the state (answer {status}):\n    {changed}");
            }
            before = after;
        }
        Elapsed = clock.Elapsed;
    }

    /// <summary>Sends it exactly as generated; an answer that never comes is status 0 with what happened.</summary>
    public async Task<(int Status, string Body)> SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.PathAndQuery);
        if (request.Caller.Authorization is { } authorization)
        {
            message.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        if (request.Body is { } body)
        {
            message.Content = new ByteArrayContent(body);
            // A body above the server's limit is refused on its Content-Length: waiting for "100 Continue" lets the
            // client hear that refusal instead of writing megabytes into a connection the server has closed.
            message.Headers.ExpectContinue = body.Length > 1_000_000;
            if (request.ContentType is { } type)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }
        try
        {
            using var response = await http.SendAsync(message, cancellationToken);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException) when (request.PathAndQuery.Length > ServerRequestLineLimit)
        {
            // Kestrel answers 414 to a request line over its limit and closes the connection while the client is still
            // writing the rest of it; the reset can reach the client before the 414 does. The server refused the request
            // (the state check below still judges what it changed), so this counts as that refusal, not as a crash.
            return (414, $"closed the connection on a {request.PathAndQuery.Length:N0}-character request line, over the server's {ServerRequestLineLimit:N0}-byte limit");
        }
        catch (HttpRequestException e)
        {
            // The server closed the connection instead of answering: as bad as a 5xx for a client.
            return (599, $"no answer: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (599, $"no answer within {http.Timeout.TotalSeconds:0} s");
        }
    }
}
