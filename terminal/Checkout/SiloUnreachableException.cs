namespace RetentionActors.Terminal.Checkout;

/// <summary>The terminal has no working connection to a silo gateway right now.</summary>
public sealed class SiloUnreachableException : Exception
{
    public SiloUnreachableException()
        : base("The silo cannot be reached.")
    {
    }

    public SiloUnreachableException(string message)
        : base(message)
    {
    }

    public SiloUnreachableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
