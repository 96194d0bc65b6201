using System.Globalization;
using CsCheck;
using RetentionActors.Tests.Shared.Generated;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>
/// Generates purchase-history files whose every data row is broken in one way (README "History import": columns in any
/// order, ISO 8601 UTC times, positive amounts with a decimal point, purchase or refund), and files that are not a
/// history at all. Rows name known and new customers, so a row booked or a customer enrolled by mistake shows.
/// </summary>
public static class ImportRows
{
    private static readonly string[] Required = ["customer_id", "receipt_id", "store_id", "occurred_at", "amount", "kind", "refund_of"];

    public static Gen<ImportCase> Files(string knownCustomer, DateOnly today) =>
        Gen.Frequency<ImportCase>(
            (12, Gen.Int[1, 4].SelectMany(count => Gen.Select(Header(), Row(knownCustomer, today).Array[count], Gen.Bool, Gen.Int[0, 3], Gen.Int[0, 5], Render))),
            (1, BrokenHeader()),
            (1, Gen.OneOf<string>("", "\n\n", "\u0000\u0001\u0002\u0003", "{\"rows\":[]}", "<?xml version=\"1.0\"?><rows/>", "\uFEFF\uFEFF", new string(',', 5_000),
                    "customer_id;receipt_id;store_id;occurred_at;amount;kind;refund_of\nfz-cust-1;r;s;2026-03-01T10:00:00Z;5;purchase;")
                .Select(body => new ImportCase($"not a history: {Shown.Text(body, 40)}", body, []))));

    // The header: the seven columns in any order, sometimes with the optional terminal_id and business_day.
    private static Gen<string[]> Header() =>
        Gen.Select(Gen.Bool, Gen.Bool, (terminal, day) => (string[])[.. Required, .. terminal ? ["terminal_id"] : Array.Empty<string>(), .. day ? ["business_day"] : Array.Empty<string>()])
            .SelectMany(columns => Gen.Shuffle(columns));

    // One row, valid but for one thing: which column, and what is wrong with it.
    private static Gen<RowDefect> Row(string knownCustomer, DateOnly today)
    {
        var yesterday = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var times = new[]
        {
            "", "2026-03-01", $"{yesterday}T10:00:00", $"{yesterday}T10:00:00+01:00", "yesterday", "2026-13-01T00:00:00Z", "1999-12-31T23:00:00Z",
            "9999-12-31T00:00:00Z", $"{today.AddDays(400):yyyy-MM-dd}T00:00:00Z", "1772359200", $"{yesterday}T24:00:00Z",
        };
        var amounts = new[]
        {
            "1,5", "5\u0000", "1e3", "-1", "NaN", "0", "", "1 000", "0x10", "1.5.5", "+5", "12.5€", "Infinity", "1000000000", "10000.01", "0.00001",
            "99999999999999999999999999999", "٥", "1.2e1",
        };
        return Gen.Frequency<RowDefect>(
            (4, Gen.OneOf<string>(amounts).Select(v => new RowDefect("amount", v))),
            (3, Gen.OneOf<string>(times).Select(v => new RowDefect("occurred_at", v))),
            (2, Gen.OneOf<string>("", "sale", "purchases", "refund", "purchase refund", "\u0000purchase").Select(v => new RowDefect("kind", v))),
            (3, Gen.Select(Gen.OneOf<string>("customer_id", "receipt_id", "store_id"), Gen.OneOf<string>("", new string('i', 65), new string('i', 100_000)),
                (column, v) => new RowDefect(column, v))),
            (2, Gen.Select(Gen.OneOf<string>("receipt_id", "store_id"), Gen.OneOf<string>([.. HostileText.Markup.Where(m => !m.Contains(',')), .. HostileText.Unicode, "a b", "\"quoted\""]),
                (column, v) => new RowDefect(column, v))),
            (2, Gen.Select(Gen.OneOf<string>([.. Required]), Gen.OneOf<string>("\u0000", "\u0007", "\u001b[2J", "\u007f", "\u0085"), (column, c) => new RowDefect(column, null) { Appended = c })),
            (2, Gen.OneOf<string>("one field fewer", "one field more").Select(v => new RowDefect(v, null))),
            (1, Gen.OneOf<string>("fz-seed-1", "someone-else").Select(v => new RowDefect("refund_of", v))),
            (1, Gen.Const(new RowDefect("kind", "refund"))),
            (1, Gen.OneOf<string>("2026-3-1", "03.01.2026", "1990-01-01", $"{today.AddDays(5):yyyy-MM-dd}", "tomorrow").Select(v => new RowDefect("business_day", v))),
            (1, Gen.OneOf<string>([.. HostileText.Markup.Where(m => !m.Contains(',')), .. HostileText.Unicode, "a b", "\"quoted\"", "a/b"]).Select(v => new RowDefect("customer_id", v))),
            (1, Gen.OneOf<string>([.. HostileText.Markup.Where(m => !m.Contains(',')), "a b"]).Select(v => new RowDefect("terminal_id", v))))
            .SelectMany(defect => Gen.UInt.Select(salt => defect with { Customer = knownCustomer, Yesterday = yesterday, Salt = salt }));
    }

    private static Gen<ImportCase> BrokenHeader() =>
        Gen.OneOf<string>(
            "customer_id,receipt_id,store_id,occurred_at,amount,kind",
            "customer_id,receipt_id,store_id,occurred_at,amount,kind,refund_of,colour",
            "customer_id,customer_id,receipt_id,store_id,occurred_at,amount,kind,refund_of",
            "customer id,receipt_id,store_id,occurred_at,amount,kind,refund_of",
            "\u0000customer_id,receipt_id,store_id,occurred_at,amount,kind,refund_of",
            "customer_id;receipt_id;store_id;occurred_at;amount;kind;refund_of",
            "\"customer_id\",\"receipt_id\",\"store_id\",\"occurred_at\",\"amount\",\"kind\",\"refund_of\"")
        .Select(header => new ImportCase($"header {Shown.Text(header, 60)}", header + "\nfz-cust-1,fz-imp-h,fz-store,2026-03-01T10:00:00Z,12.50,purchase,\n", []));

    private static ImportCase Render(string[] columns, RowDefect[] rows, bool crlf, int blankLines, int bom)
    {
        var newline = crlf ? "\r\n" : "\n";
        // Sometimes with a byte order mark, as spreadsheets save CSV.
        var lines = new List<string> { (bom == 0 ? "\uFEFF" : "") + string.Join(',', columns) };
        var rowLines = new List<int>();
        for (var i = 0; i < rows.Length; i++)
        {
            if (i == 1 && blankLines > 0)
            {
                lines.AddRange(Enumerable.Repeat("", blankLines));
            }
            lines.Add(rows[i].Render(columns, i));
            rowLines.Add(lines.Count);
        }
        return new ImportCase(string.Join("; ", rows.Select(r => r.ToString())), string.Join(newline, lines) + newline, rowLines);
    }
}
