namespace RetentionActors.Terminal.Tests.Generated;

/// <summary>The JSON-mode suite can fail: its oracle flags an accrual, an unexpected error, a second answer, a long echo.</summary>
public sealed class JsonLineOracleTests
{
    private const string Next = """{"event":"deadLetters","deadLetters":0}""";

    [Theory]
    [InlineData("""{"event":"accrued","pointsEarned":1250}""", Next, "answered accrued")]
    [InlineData("""{"event":"declined","reason":"error","message":"Object reference not set"}""", Next, "unexpected exception")]
    [InlineData("""{"event":"declined","message":"no reason"}""", Next, "without a reason")]
    [InlineData("""{"event":"declined","reason":"invalid"}""", """{"event":"declined","reason":"invalid"}""", "a second answer")]
    [InlineData("not json", Next, "not a JSON line")]
    public void The_oracle_flags_what_a_malformed_line_must_not_get(string answer, string next, string flagged)
    {
        Assert.Contains(flagged, GeneratedJsonLineTests.Judge(answer, next), StringComparison.Ordinal);
    }

    [Fact]
    public void The_oracle_takes_one_declined_answer_with_a_reason()
    {
        Assert.Null(GeneratedJsonLineTests.Judge("""{"event":"declined","reason":"invalid","message":"'amount' must be a JSON number"}""", Next));
        Assert.Contains("characters long", GeneratedJsonLineTests.Judge($$"""{"event":"declined","reason":"invalid","message":"{{new string('x', 3_000)}}"}""", Next), StringComparison.Ordinal);
    }
}
