namespace RetentionActors.Storage.Analytics;

/// <summary>The retention figures of one period, as defined in the back-office issue; a rate with a zero denominator is null.</summary>
public sealed record RetentionReport(
    DateOnly From, DateOnly To, int WindowDays, decimal? MarketingSpend,
    int CustomersAtStart, int CustomersAtEnd, int NewCustomers,
    double? RetentionRate, double? ChurnRate, double? RepeatPurchaseRate,
    double? AverageCheck, double? PurchaseFrequency, double? Cac, double? Clv,
    int Purchases, int Buyers, decimal PurchaseAmount, decimal RefundAmount);

/// <summary>Of the customers whose first purchase fell in <see cref="Cohort"/>, how many bought in each month since (index 0: the cohort month).</summary>
public sealed record CohortRow(string Cohort, int Customers, IReadOnlyList<int> Buyers, IReadOnlyList<double> Share);

/// <summary>Retention and churn of one calendar month, with the active customers at its start and end.</summary>
public sealed record RetentionPoint(DateOnly Month, double? RetentionRate, double? ChurnRate, int CustomersAtStart, int CustomersAtEnd);
