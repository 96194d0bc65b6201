using RetentionActors.Terminal.Outbox;

namespace RetentionActors.Terminal.Tests.Golden;

/// <summary>
/// Writes the golden outbox of <see cref="OutboxGolden"/> with the code of the commit it runs on. Run by hand
/// only, into the folder named by <c>RETENTION_GOLDEN_OUT</c>:
/// <c>RETENTION_GOLDEN_OUT=$PWD/tests/RetentionActors.Terminal.Tests/Golden dotnet run --project tests/RetentionActors.Terminal.Tests -- -explicit only -class RetentionActors.Terminal.Tests.Golden.OutboxGoldenWriter</c>
/// </summary>
public sealed class OutboxGoldenWriter
{
    [Fact(Explicit = true)]
    public void Write_the_golden_outbox()
    {
        var output = Environment.GetEnvironmentVariable("RETENTION_GOLDEN_OUT") is { Length: > 0 } folder
            ? folder
            : throw new InvalidOperationException("Set RETENTION_GOLDEN_OUT to the folder the golden outbox goes to.");
        var path = Path.Combine(Directory.CreateTempSubdirectory("retention-golden-outbox-").FullName, OutboxGolden.File);
        var outbox = new PurchaseOutbox(path);

        outbox.Delete(outbox.Enqueue(OutboxGolden.AnnCard, OutboxGolden.Answered, OutboxGolden.QueuedAt), OutboxRemoval.Accrued);
        outbox.Enqueue(OutboxGolden.AnnCard, OutboxGolden.AlreadyBooked, OutboxGolden.QueuedAt);
        outbox.Enqueue(OutboxGolden.AnnCard, OutboxGolden.NeverSent, OutboxGolden.QueuedAt);

        // Every connection is closed (no pooling), so the write-ahead log is checkpointed into the file.
        Assert.False(File.Exists(path + "-wal"));
        File.Copy(path, Path.Combine(output, OutboxGolden.File), overwrite: true);
    }
}
