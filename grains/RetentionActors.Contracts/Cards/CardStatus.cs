namespace RetentionActors.Contracts.Cards;

/// <summary>Where a card is in its life: unissued → active → blocked or replaced.</summary>
public enum CardStatus
{
    /// <summary>Never linked to a customer; the system does not know who holds it.</summary>
    Unissued = 0,
    /// <summary>Linked to one customer and usable at the till.</summary>
    Active = 1,
    /// <summary>Reported lost or stolen; refuses earning and redemption.</summary>
    Blocked = 2,
    /// <summary>Superseded by another card that took over its link.</summary>
    Replaced = 3,
}
