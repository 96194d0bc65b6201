namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>What the generated run's silo holds before the run: the things the valid requests name.</summary>
public sealed record Seeds(
    string Customer,
    string ErasableCustomer,
    string Card,
    string BlockableCard,
    string UnissuedCard,
    string CouponCode,
    string Operator,
    string CredentialId,
    string ApprovalToApprove,
    string ApprovalToReject,
    DeadLetterPlace RetryLetter,
    DeadLetterPlace DismissLetter,
    string ProgramSettings,
    DateOnly Today,
    string Webhook,
    string Segment);

/// <summary>A dead letter's place in the API's paths: /api/deadletters/{store}/{terminal}/{day}/{receipt}.</summary>
public sealed record DeadLetterPlace(string StoreId, string TerminalId, string BusinessDay, string ReceiptId)
{
    public IReadOnlyDictionary<string, string> Path => new Dictionary<string, string>
    {
        ["storeId"] = StoreId, ["terminalId"] = TerminalId, ["businessDay"] = BusinessDay, ["receiptId"] = ReceiptId,
    };
}
