namespace RetentionActors.Contracts.Security;

/// <summary>Why the silo refused a call before the grain ran.</summary>
public enum CallRefusal
{
    /// <summary>The call carried no credential.</summary>
    NoCredential = 1,

    /// <summary>The credential is not one the cluster signed (forged, damaged, or from another cluster).</summary>
    InvalidCredential = 2,

    /// <summary>The credential's validity ended.</summary>
    Expired = 3,

    /// <summary>An operator revoked the credential.</summary>
    Revoked = 4,

    /// <summary>The credential is valid, but its role may not call this method, or not for another store or till.</summary>
    NotAllowed = 5,
}
