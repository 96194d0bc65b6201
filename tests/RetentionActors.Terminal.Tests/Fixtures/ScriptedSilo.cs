using System.Reflection;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>
/// A silo whose card grains answer <see cref="ILoyaltyCardGrain.CheckoutAsync"/> (without redemption: the outbox's one
/// call per sale) and <see cref="ILoyaltyCardGrain.RedeemAsync"/> (or hang on it), by earning as the test scripts it (a result, or an exception of any kind), recording every call in order and every sale it booked, so a test can count what was lost
/// or doubled. Nothing else is served.
/// </summary>
public sealed class ScriptedSilo : IGrainAccess
{
    private readonly IGrainFactory _grains;

    public ScriptedSilo() => _grains = ScriptedProxy.Create<IGrainFactory>(this, key: null);

    /// <summary>What a card's checkout earns; by default it books the sale with a point per unit.</summary>
    public Func<string, Purchase, AccrualResult>? Earn { get; set; }

    /// <summary>Every checkout, in the order it came: card and receipt.</summary>
    public List<(string Card, string Receipt)> Calls { get; } = [];

    /// <summary>How often each receipt was booked (the scripted ledger).</summary>
    public Dictionary<string, int> Booked { get; } = [];

    /// <summary>The purchases as they arrived, SentAt included.</summary>
    public List<Purchase> Received { get; } = [];

    /// <summary>Receipts whose checkout does not answer until the test completes this (a silo that hangs).</summary>
    public HashSet<string> Hanging { get; } = [];

    /// <summary>Completed when the first call of a receipt in <see cref="Hanging"/> went out and waits.</summary>
    public TaskCompletionSource HangStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed by the test to let the hanging calls go on (they then book as usual).</summary>
    public TaskCompletionSource Unhang { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Receipts whose first checkout never answers (sent through a gateway that died); later ones do.</summary>
    public HashSet<string> LostOnFirstCall { get; } = [];

    /// <summary>Completed when a call in <see cref="LostOnFirstCall"/> went out and hangs.</summary>
    public TaskCompletionSource FirstCallLost { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether online redemptions never answer (a silo that booked the sale, then hangs).</summary>
    public bool RedemptionsHang { get; set; }

    /// <summary>Card grain methods (by name) that fail as Orleans does when no answer comes within the response timeout.</summary>
    public HashSet<string> TimingOut { get; } = [];

    /// <summary>Every online redemption, in the order it came.</summary>
    public List<Redemption> Redemptions { get; } = [];

    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    private CancellationTokenSource _gatewayDropped = new();

    public CancellationToken GatewayDropped => _gatewayDropped.Token;

    /// <summary>One of the gateway connections closes.</summary>
    public void DropGateway() => Interlocked.Exchange(ref _gatewayDropped, new CancellationTokenSource()).Cancel();

    public int Unreachable { get; private set; }

    public IGrainFactory Grains => _grains;

    public void ReportUnreachable(Exception failure) => Unreachable++;

    internal async Task<CheckoutResult> CheckoutAsync(string card, Purchase purchase)
    {
        var accrual = await EarnAsync(card, purchase);
        return new CheckoutResult(new CardInfo(card, CardStatus.Active, "scripted", null, null, null), accrual, null, null);
    }

    internal Task<RedemptionResult> RedeemAsync(Redemption redemption)
    {
        Redemptions.Add(redemption);
        return RedemptionsHang ? new TaskCompletionSource<RedemptionResult>().Task
            : Task.FromResult(new RedemptionResult(redemption.Points, redemption.Points / 100m, 0));
    }

    internal Task<AccrualResult> EarnAsync(string card, Purchase purchase)
    {
        if (LostOnFirstCall.Remove(purchase.ReceiptId))
        {
            FirstCallLost.TrySetResult();
            return new TaskCompletionSource<AccrualResult>().Task;
        }
        return Hanging.Contains(purchase.ReceiptId) ? HangThenEarnAsync(card, purchase) : EarnNowAsync(card, purchase);
    }

    private async Task<AccrualResult> HangThenEarnAsync(string card, Purchase purchase)
    {
        HangStarted.TrySetResult();
        await Unhang.Task;
        return await EarnNowAsync(card, purchase);
    }

    private Task<AccrualResult> EarnNowAsync(string card, Purchase purchase)
    {
        Calls.Add((card, purchase.ReceiptId));
        Received.Add(purchase);
        try
        {
            var result = Earn?.Invoke(card, purchase) ?? new AccrualResult((long)purchase.Amount, 0, []);
            if (result.IsAccepted && !result.Replayed)
            {
                Booked[purchase.ReceiptId] = Booked.GetValueOrDefault(purchase.ReceiptId) + 1;
            }
            return Task.FromResult(result);
        }
        catch (Exception e)
        {
            return Task.FromException<AccrualResult>(e);
        }
    }
}

/// <summary>The grain factory and card grains of <see cref="ScriptedSilo"/>.</summary>
public class ScriptedProxy : DispatchProxy
{
    private ScriptedSilo _silo = null!;
    private string? _key;

    public static T Create<T>(ScriptedSilo silo, string? key)
    {
        var proxy = Create<T, ScriptedProxy>();
        var scripted = (ScriptedProxy)(object)proxy!;
        (scripted._silo, scripted._key) = (silo, key);
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => _key is not null && _silo.TimingOut.Contains(targetMethod!.Name)
        ? TimedOut(targetMethod.ReturnType)
        : Serve(targetMethod!, args);

    // A faulted Task<T> of the method's result type, as the client's response timeout leaves it.
    private static object TimedOut(Type task) =>
        typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!.MakeGenericMethod(task.GetGenericArguments()[0])
            .Invoke(null, [new TimeoutException("scripted: no answer within the response timeout")])!;

    private object? Serve(MethodInfo targetMethod, object?[]? args) => targetMethod.Name switch
    {
        nameof(IGrainFactory.GetGrain) when targetMethod.ReturnType == typeof(ILoyaltyCardGrain) => Create<ILoyaltyCardGrain>(_silo, (string)args![0]!),
        nameof(ILoyaltyCardGrain.CheckoutAsync) when (long)args![1]! == 0 => _silo.CheckoutAsync(_key!, (Purchase)args[0]!),
        nameof(ILoyaltyCardGrain.RedeemAsync) => _silo.RedeemAsync((Redemption)args![0]!),
        _ => throw new NotSupportedException($"{targetMethod.Name} is not a call this scripted silo serves."),
    };
}
