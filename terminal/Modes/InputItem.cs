using RetentionActors.Terminal.Readers;

namespace RetentionActors.Terminal.Modes;

/// <summary>One thing that happened at the till: a reader event, or a line typed/sent on standard input.</summary>
public sealed record InputItem(ReaderEvent? Event, string? Line);
