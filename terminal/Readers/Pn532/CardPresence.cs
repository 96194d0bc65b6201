namespace RetentionActors.Terminal.Readers.Pn532;

/// <summary>
/// Debounces polling: a card left on the reader is reported once, when it arrives; it counts as gone only after
/// <see cref="AbsentPollsToRemove"/> polls in a row without it (one missed poll is RF noise, not a removal).
/// </summary>
public sealed class CardPresence
{
    public const int AbsentPollsToRemove = 3;

    private string? _present;
    private int _absentPolls;

    /// <summary>Feeds one poll's result; returns the UID when it is a newly presented card, otherwise null.</summary>
    public string? Observe(string? uid)
    {
        if (uid is null)
        {
            if (_present is not null && ++_absentPolls >= AbsentPollsToRemove)
            {
                _present = null;
            }
            return null;
        }
        _absentPolls = 0;
        if (string.Equals(uid, _present, StringComparison.Ordinal))
        {
            return null;
        }
        _present = uid;
        return uid;
    }

    /// <summary>Forgets the card (after the reader was recreated, a card still on it is reported again).</summary>
    public void Reset() => (_present, _absentPolls) = (null, 0);
}
