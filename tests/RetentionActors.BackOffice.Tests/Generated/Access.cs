namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>Who may call an operation, as the back office's policies say.</summary>
public enum Access
{
    /// <summary>Anyone, logged in or not (logging in).</summary>
    Anyone,

    /// <summary>Every operator role (admin, approver, analyst).</summary>
    Read,

    /// <summary>Admins only.</summary>
    Change,

    /// <summary>Admins and approvers.</summary>
    Approve,

    /// <summary>The Orleans Dashboard and the pages: read-only views whose answers to odd names are not ours to judge, only that they are not 5xx.</summary>
    View,
}
