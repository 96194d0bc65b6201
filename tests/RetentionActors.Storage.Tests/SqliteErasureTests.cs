using System.Text;
using RetentionActors.Grains.Audit;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

public sealed class SqliteErasureTests(SqliteFixture fixture) : ErasureContract, IClassFixture<SqliteFixture>
{
    protected override SqlDatabase Database => fixture.Database;

    [Fact]
    public async Task Neither_the_database_file_nor_its_WAL_holds_the_name_or_e_mail_after_erasure()
    {
        var person = await CustomerWithFreeTextAsync();
        Assert.True(FileHolds(person.Name) && FileHolds(person.Email), "the test data never reached the file");

        await EraseAsync(person, AuditIntent.New(At, "gdpr-erase", person.Id, null, "personal data erased"));

        Assert.False(FileHolds(person.Name), $"{person.Name} is still in the bytes of {fixture.Path} or its WAL");
        Assert.False(FileHolds(person.Email), $"{person.Email} is still in the bytes of {fixture.Path} or its WAL");
    }

    // The database file and its WAL as they are on disk now (both stay open: the silo would keep them open too).
    private bool FileHolds(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return new[] { fixture.Path, fixture.Path + "-wal" }.Where(File.Exists).Any(path =>
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var bytes = new MemoryStream();
            file.CopyTo(bytes);
            return bytes.GetBuffer().AsSpan(0, (int)bytes.Length).IndexOf(needle) >= 0;
        });
    }
}
