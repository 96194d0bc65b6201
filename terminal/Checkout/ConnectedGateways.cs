namespace RetentionActors.Terminal.Checkout;

/// <summary>How many gateway connections one Orleans client has open, as its gateway-count notifications say.</summary>
internal sealed class ConnectedGateways
{
    private int _count;

    public int Count
    {
        get => Volatile.Read(ref _count);
        set => Volatile.Write(ref _count, value);
    }
}
