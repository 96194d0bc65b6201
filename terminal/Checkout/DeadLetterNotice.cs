namespace RetentionActors.Terminal.Checkout;

/// <summary>What the till tells its people about dead letters: how many, and that the back office resolves them.</summary>
public static class DeadLetterNotice
{
    public static string Text(int count) =>
        $"{count} sale{(count == 1 ? " is" : "s are")} kept at this till as dead letters (refused by the silo): the back office books or dismisses them"
        + " under Dead letters; the till keeps them until then.";
}
