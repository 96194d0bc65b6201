namespace RetentionActors.Terminal.Readers;

/// <summary>What a reader has to say.</summary>
public enum ReaderEventKind
{
    /// <summary>A loyalty card was read; <see cref="ReaderEvent.Card"/> holds its id.</summary>
    Card,
    /// <summary>Something was read but refused (bank card, unreadable data); the data itself is not kept.</summary>
    Refused,
    /// <summary>The reader is open and polling.</summary>
    Ready,
    /// <summary>The reader stopped answering or its port went away; it is being reopened.</summary>
    Lost,
}
