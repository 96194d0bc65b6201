namespace RetentionActors.Terminal.Checkout;

/// <summary>
/// How many gateway connections one Orleans client has open, as its gateway-count notifications say, and a token
/// cancelled each time one of them closes (renewed for the next).
/// </summary>
internal sealed class ConnectedGateways
{
    private int _count;
    private CancellationTokenSource _dropped = new();

    public int Count => Volatile.Read(ref _count);

    /// <summary>Cancelled when the next gateway connection closes.</summary>
    public CancellationToken NextDrop => Volatile.Read(ref _dropped).Token;

    public void Changed(int now, int before)
    {
        Volatile.Write(ref _count, now);
        if (now < before)
        {
            // Not disposed: calls in flight may still hold its token (a closed gateway is rare, so is the garbage).
            Interlocked.Exchange(ref _dropped, new CancellationTokenSource()).Cancel();
        }
    }
}
