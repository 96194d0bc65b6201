namespace RetentionActors.Terminal.Readers.CardData;

/// <summary>The fixed reasons a read is refused; they name a category, never the data.</summary>
public static class RefusalReasons
{
    public const string BankCard = "bank card";
    public const string Unreadable = "unreadable";
}
