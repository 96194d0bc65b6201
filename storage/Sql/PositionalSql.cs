using System.Collections.Concurrent;

namespace RetentionActors.Storage.Sql;

/// <summary>
/// A statement's text with its <c>@name</c> parameters numbered as PostgreSQL writes them (<c>$1</c>, <c>$2</c>, …), and
/// the number each name got. Npgsql sends a statement whose parameters have names by parsing and rewriting its text on
/// every execution, and finds parameters through name dictionaries it builds per statement; a statement whose parameters
/// are unnamed and numbered goes as it is. The group commit sends every sale's statements this way, so a sale's writes
/// cost the driver neither the rewritten texts nor the dictionaries (docs/performance.md). Built once per text.
/// </summary>
internal sealed class PositionalSql
{
    private static readonly ConcurrentDictionary<string, PositionalSql?> Known = new(StringComparer.Ordinal);

    // The texts are the code's own (a multi-row INSERT has one per row count); the cap keeps an unusual one from growing the set for good.
    private const int KnownKept = 4096;

    private readonly Dictionary<string, int> _positions;

    private PositionalSql(string text, Dictionary<string, int> positions) => (Text, _positions) = (text, positions);

    /// <summary>The text with <c>$1</c>, <c>$2</c>, … where it had names.</summary>
    public string Text { get; }

    /// <summary>How many parameters the text takes.</summary>
    public int Count => _positions.Count;

    /// <summary>The 0-based position of <paramref name="name"/> (with or without its <c>@</c>); -1 when the text does not use it.</summary>
    public int PositionOf(string name) => _positions.TryGetValue(name.StartsWith('@') ? name[1..] : name, out var position) ? position : -1;

    /// <summary>
    /// The numbered form of <paramref name="sql"/>; null when it cannot be numbered safely (it has a <c>$</c> of its own,
    /// a dollar-quoted body or a numbered parameter already), which then keeps its names.
    /// </summary>
    public static PositionalSql? Of(string sql) =>
        Known.TryGetValue(sql, out var known) ? known
        : Known.Count < KnownKept ? Known.GetOrAdd(sql, Number)
        : Number(sql);

    // Names outside string literals, quoted identifiers and comments become numbers, in the order they first appear.
    private static PositionalSql? Number(string sql)
    {
        var text = new System.Text.StringBuilder(sql.Length);
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < sql.Length;)
        {
            var c = sql[i];
            var end = c switch
            {
                '\'' => Closing(sql, i, "'"),
                '"' => Closing(sql, i, "\""),
                '-' when At(sql, i + 1, '-') => Closing(sql, i, "\n"),
                '/' when At(sql, i + 1, '*') => Closing(sql, i + 1, "*/"),
                _ => -1,
            };
            if (end >= 0)
            {
                text.Append(sql, i, end - i);
                i = end;
            }
            else if (c == '$')
            {
                return null;
            }
            else if (c == '@' && i + 1 < sql.Length && IsNameStart(sql[i + 1]) && (i == 0 || !IsNamePart(sql[i - 1])))
            {
                var start = ++i;
                while (i < sql.Length && IsNamePart(sql[i]))
                {
                    i++;
                }
                var name = sql[start..i];
                if (!positions.TryGetValue(name, out var position))
                {
                    positions[name] = position = positions.Count;
                }
                text.Append('$').Append(position + 1);
            }
            else
            {
                text.Append(c);
                i++;
            }
        }
        return new PositionalSql(text.ToString(), positions);
    }

    // Where the quoted or commented span opened at start ends: just past its closing mark (a doubled quote stays inside),
    // or the text's end.
    private static int Closing(string sql, int start, string mark)
    {
        for (var i = start + 1; i < sql.Length; i++)
        {
            if (string.CompareOrdinal(sql, i, mark, 0, mark.Length) != 0)
            {
                continue;
            }
            if (mark is "'" or "\"" && At(sql, i + 1, mark[0]))
            {
                i++;
                continue;
            }
            return i + mark.Length;
        }
        return sql.Length;
    }

    private static bool At(string sql, int index, char c) => index < sql.Length && sql[index] == c;

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
