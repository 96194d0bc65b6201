using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Domain.Ledger;
using RetentionActors.Storage.BackOffice;

namespace RetentionActors.Silo.Api;

/// <summary>The ledger page's filters as the query string gives them: checked first, so a bad one is a 400 that names it.</summary>
public static class LedgerFilters
{
    public static ValidationProblem? Problem(string? kind, string? store, string? from, string? to)
    {
        if (kind is not null && !Enum.GetNames<EntryKind>().Contains(kind, StringComparer.Ordinal))
        {
            return Problems.Invalid("kind", $"kind is one of {string.Join(", ", Enum.GetNames<EntryKind>())}.");
        }
        if (store is not null && (store.Length is 0 or > 64))
        {
            return Problems.Invalid("store", "store is a store id of 1 to 64 characters.");
        }
        if ((from is not null && Day(from) is null) || (to is not null && Day(to) is null))
        {
            return Problems.Invalid(from is not null && Day(from) is null ? "from" : "to", "from and to are days (YYYY-MM-DD) from 2000-01-01 to 9999-12-30.");
        }
        if (Day(from) is { } first && Day(to) is { } last && first > last)
        {
            return Problems.Invalid("from", "from is not after to.");
        }
        return null;
    }

    /// <summary>The query for filters <see cref="Problem"/> accepted; <paramref name="to"/> includes its whole UTC day.</summary>
    public static LedgerQuery Query(string customerId, string? kind, string? store, string? from, string? to) => new(
        customerId, kind is null ? null : Enum.Parse<EntryKind>(kind), store,
        Day(from) is { } first ? Start(first) : null, Day(to) is { } last ? Start(last.AddDays(1)) : null,
        NewestFirst: false, AfterSeq: null, BeforeSeq: null, Take: 100);

    // The last day DateOnly holds is refused: `to` reads up to the start of the day after it.
    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year >= 2000 && day < DateOnly.MaxValue ? day : null;

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
