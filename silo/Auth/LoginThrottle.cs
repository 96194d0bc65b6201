using System.Net;

namespace RetentionActors.Silo.Auth;

/// <summary>
/// Slows down guessing: after <see cref="FailuresPerAddress"/> failed logins from one client address, or
/// <see cref="FailuresPerOperator"/> under one operator name, within <see cref="Window"/>, further attempts
/// are refused (429) until the oldest failure leaves the window — without checking the secret, so a refused
/// attempt costs nothing and learns nothing. Per silo: an attacker spreading guesses over several silos gets
/// each silo's allowance, which with 43-character random secrets is still nothing worth having.
/// </summary>
public sealed class LoginThrottle(TimeProvider clock)
{
    public const int FailuresPerAddress = 20;
    public const int FailuresPerOperator = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    // Bounded: names are chosen by the caller, but every new name costs a failure its address is charged for.
    private const int MaxKeys = 50_000;

    private readonly Dictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long the caller must wait before trying again, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(IPAddress? address, string operatorName)
    {
        var now = clock.GetUtcNow();
        lock (_failures)
        {
            var wait = Wait(AddressKey(address), FailuresPerAddress, now);
            if (operatorName.Length > 0 && Wait(NameKey(operatorName), FailuresPerOperator, now) is { } nameWait && (wait is null || nameWait > wait))
            {
                wait = nameWait;
            }
            return wait;
        }
    }

    public void Failed(IPAddress? address, string operatorName)
    {
        var now = clock.GetUtcNow();
        lock (_failures)
        {
            if (_failures.Count >= MaxKeys)
            {
                Prune(now);
            }
            Add(AddressKey(address), now);
            if (operatorName.Length > 0)
            {
                Add(NameKey(operatorName), now);
            }
        }
    }

    /// <summary>A correct secret clears its name's failures (not its address's: one good account must not reset the guessing allowance).</summary>
    public void Succeeded(string operatorName)
    {
        lock (_failures)
        {
            _failures.Remove(NameKey(operatorName));
        }
    }

    private TimeSpan? Wait(string key, int limit, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var times))
        {
            return null;
        }
        Expire(times, now);
        if (times.Count < limit)
        {
            return null;
        }
        // Once the oldest failures that put it over the limit leave the window, one more attempt is allowed.
        return times.ElementAt(times.Count - limit) + Window - now;
    }

    private void Add(string key, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var times))
        {
            _failures[key] = times = new Queue<DateTimeOffset>();
        }
        Expire(times, now);
        times.Enqueue(now);
    }

    private static void Expire(Queue<DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.Count > 0 && times.Peek() + Window <= now)
        {
            times.Dequeue();
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, times) in _failures.ToList())
        {
            Expire(times, now);
            if (times.Count == 0)
            {
                _failures.Remove(key);
            }
        }
    }

    private static string AddressKey(IPAddress? address) =>
        "address:" + (address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address)?.ToString();

    private static string NameKey(string operatorName) => "operator:" + operatorName;
}
