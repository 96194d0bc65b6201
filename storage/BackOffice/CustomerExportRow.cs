namespace RetentionActors.Storage.BackOffice;

/// <summary>A customer's line in the customers export: contact details, enrolment (ISO 8601 text) and purchase totals.</summary>
public sealed record CustomerExportRow(
    string CustomerId, string DisplayName, string? Email, string? Phone, string EnrolledAt,
    DateTimeOffset? FirstPurchase, DateTimeOffset? LastPurchase, int Purchases, decimal Spend);
