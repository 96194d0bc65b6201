namespace RetentionActors.Storage.BackOffice;

/// <summary>What a back-office operator may do.</summary>
public enum OperatorRole
{
    /// <summary>Everything, including managing operators and terminal credentials.</summary>
    Admin,

    /// <summary>Read only.</summary>
    Analyst,

    /// <summary>Read, and approve or reject adjustments waiting for a second operator.</summary>
    Approver,
}
