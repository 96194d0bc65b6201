using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// The group commit numbers its statements' parameters as PostgreSQL writes them, so Npgsql sends them without parsing
/// and rewriting the text on every execution: names become <c>$n</c> in the order they first appear, the same name the
/// same number, and nothing inside literals, quoted names or comments changes.
/// </summary>
public sealed class PositionalSqlTests
{
    [Fact]
    public void Names_become_numbers_in_the_order_they_first_appear_and_a_repeated_name_keeps_its_number()
    {
        var numbered = PositionalSql.Of("INSERT INTO t (a, b, c) VALUES (@id, @key, @id + @n0)")!;

        Assert.Equal("INSERT INTO t (a, b, c) VALUES ($1, $2, $1 + $3)", numbered.Text);
        Assert.Equal(3, numbered.Count);
        Assert.Equal(0, numbered.PositionOf("id"));
        Assert.Equal(1, numbered.PositionOf("@key"));
        Assert.Equal(2, numbered.PositionOf("n0"));
        Assert.Equal(-1, numbered.PositionOf("absent"));
    }

    [Fact]
    public void Literals_quoted_names_comments_and_casts_are_left_as_written()
    {
        const string sql = """
            SELECT 'it''s @not', "odd@name", @x::text -- @comment
            /* @block */ FROM t WHERE e = 'a@b.example' AND k = @y
            """;

        var numbered = PositionalSql.Of(sql)!;

        Assert.Equal("""
            SELECT 'it''s @not', "odd@name", $1::text -- @comment
            /* @block */ FROM t WHERE e = 'a@b.example' AND k = $2
            """, numbered.Text);
        Assert.Equal(2, numbered.Count);
    }

    [Fact]
    public void A_text_with_a_dollar_of_its_own_keeps_its_names()
    {
        Assert.Null(PositionalSql.Of("SELECT $1, @a"));
        Assert.Null(PositionalSql.Of("DO $fn$ BEGIN PERFORM @a; END $fn$"));
    }

    [Fact]
    public void The_same_text_is_numbered_once()
    {
        var sql = "UPDATE t SET v = @v WHERE id = @id AND " + Guid.NewGuid().ToString("N") + " IS NOT NULL";

        Assert.Same(PositionalSql.Of(sql), PositionalSql.Of(sql));
    }
}
