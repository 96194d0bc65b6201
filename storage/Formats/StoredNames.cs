namespace RetentionActors.Storage.Formats;

/// <summary>
/// Enum values as stored: by name, as the wire JSON wrote them. A member renamed or removed would leave old records with a
/// name this build cannot read; the names stored so far are pinned in the golden files' tests (stored-enum-names.txt, StoredRecordRulesTests), so
/// such a change fails there first.
/// </summary>
internal static class StoredNames
{
    public static string Of<T>(T value) where T : struct, Enum =>
        Enum.IsDefined(value) ? value.ToString() : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a {typeof(T).Name}.");

    public static T Parse<T>(string name) where T : struct, Enum =>
        Enum.TryParse<T>(name, ignoreCase: false, out var value) && Enum.IsDefined(value)
            ? value
            : throw new InvalidOperationException($"A stored record names {typeof(T).Name} '{name}', which this build does not know.");
}
