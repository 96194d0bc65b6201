namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>The shapes of value an OpenAPI schema of this API describes.</summary>
public enum SchemaKind
{
    Object,
    Dictionary,
    Array,
    String,
    DateTime,
    Number,
    Integer,
    Boolean,
    Enum,
    Unknown,
}
