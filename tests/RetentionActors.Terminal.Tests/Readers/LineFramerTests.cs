using System.Text;
using RetentionActors.Terminal.Readers.Serial;

namespace RetentionActors.Terminal.Tests.Readers;

public sealed class LineFramerTests
{
    [Fact]
    public void CR_LF_and_CR_LF_each_end_one_line_and_empty_lines_vanish()
    {
        var framer = new LineFramer();
        var lines = new List<string>();

        framer.Append("one\rtwo\nthree\r\n\r\nfour"u8, lines);

        Assert.Equal(["one", "two", "three"], lines);
        Assert.True(framer.HasPending);
        Assert.Equal("four", framer.Flush());
        Assert.Null(framer.Flush());
    }

    [Fact]
    public void A_line_split_across_chunks_is_joined()
    {
        var framer = new LineFramer();
        var lines = new List<string>();

        framer.Append(";60012"u8, lines);
        framer.Append("34567890?\r"u8, lines);

        Assert.Equal([";6001234567890?"], lines);
    }

    [Fact]
    public void Control_bytes_are_dropped_and_high_bytes_become_question_marks()
    {
        var framer = new LineFramer();
        var lines = new List<string>();

        framer.Append([0x02, (byte)'A', 0xFF, (byte)'B', 0x03, 0x00, (byte)'\r'], lines);

        Assert.Equal(["A?B"], lines);
    }

    [Fact]
    public void An_endless_line_is_cut_at_the_maximum_and_the_next_line_is_clean()
    {
        var framer = new LineFramer();
        var lines = new List<string>();

        framer.Append(Encoding.ASCII.GetBytes(new string('9', 5000) + "\rok\r"), lines);

        Assert.Equal(2, lines.Count);
        Assert.Equal(LineFramer.MaxLineLength, lines[0].Length);
        Assert.Equal("ok", lines[1]);
    }
}
