using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace RetentionActors.BackOffice.Tests;

/// <summary>Whatever a client sends to log in, the answer is a refusal (4xx or the login page again), never a server error.</summary>
public sealed class LoginInputTests(BackOfficeSilo silo)
{
    [Fact]
    public async Task A_malformed_multipart_form_sends_the_browser_back_to_the_login_page()
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = silo.BaseUrl };
        using var body = new StringContent("--xyz\r\nContent-Disposition: form-data; name=\"operator\"\r\n\r\nada", Encoding.UTF8);
        body.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");

        var answer = await browser.PostAsync("/backoffice/login", body, Ct);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/backoffice/login?failed=1", answer.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("ada\0", "secret")]
    [InlineData("ada", "se\0cret")]
    [InlineData("\0", "\0")]
    public async Task A_name_or_secret_with_a_NUL_is_a_failed_login(string name, string secret)
    {
        using var anonymous = silo.Anonymous();

        var answer = await anonymous.PostAsJsonAsync("/api/sessions", new { @operator = name, secret }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
    }

    [Fact]
    public async Task A_bearer_token_with_a_NUL_is_refused()
    {
        using var client = silo.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer abc\0def");

        var answer = await client.GetAsync("/api/program", Ct);

        // Kestrel itself refuses the header (400) before any of ours runs; either way the client is not let in.
        Assert.InRange((int)answer.StatusCode, 400, 401);
    }
}
