namespace RetentionActors.Terminal.Checkout;

/// <summary>Which store and till this terminal rings purchases up as (<c>--store</c>, <c>--terminal</c>).</summary>
public sealed record TerminalIdentity(string StoreId, string TerminalId);
