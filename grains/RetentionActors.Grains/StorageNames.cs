namespace RetentionActors.Grains;

/// <summary>Names under which hosts register storage for the grains.</summary>
public static class StorageNames
{
    /// <summary>The grain storage provider for card and program state.</summary>
    public const string Loyalty = "loyalty";
}
