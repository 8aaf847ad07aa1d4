using Samsara.Core.Channels.Sms;

namespace Samsara.Tests.Sandbox;

public sealed class TwilioSignatureTests
{
    private const string Url = "https://samsara.example/api/v1/webhooks/twilio/status?tenant=7";
    private const string Token = "sandbox-twilio-token";

    // Expected value computed independently with Python's hmac/hashlib over the same input.
    private const string Expected = "L0UZJSTuOcmIzIDxgS+j+SmM570=";

    private static List<KeyValuePair<string, string>> Form() =>
    [
        new("To", "+15551230001"),
        new("MessageStatus", "delivered"),
        new("MessageSid", "SMded05904ccb347238880ca9264e8fe1c"),
        new("From", "+15005550006"),
        new("ErrorCode", ""),
        new("AccountSid", "AC00000000000000000000000000000001"),
        new("ApiVersion", "2010-04-01"),
    ];

    [Fact]
    public void Compute_KnownCallback_MatchesIndependentHmac()
    {
        Assert.Equal(Expected, TwilioSignature.Compute(Url, Form(), Token));
    }

    [Fact]
    public void IsValid_ParametersInAnyOrder_Accepted()
    {
        var shuffled = Form();
        shuffled.Reverse();

        Assert.True(TwilioSignature.IsValid(Url, shuffled, Token, Expected));
    }

    [Theory]
    [InlineData("MessageStatus", "undelivered")]
    [InlineData("To", "+15551230002")]
    public void IsValid_TamperedParameter_Rejected(string name, string value)
    {
        var form = Form().Select(p => p.Key == name ? new KeyValuePair<string, string>(name, value) : p);

        Assert.False(TwilioSignature.IsValid(Url, form, Token, Expected));
    }

    [Fact]
    public void IsValid_WrongTokenUrlOrMissingSignature_Rejected()
    {
        Assert.False(TwilioSignature.IsValid(Url, Form(), "other-token", Expected));
        Assert.False(TwilioSignature.IsValid(Url.Replace("tenant=7", "tenant=8", StringComparison.Ordinal), Form(), Token, Expected));
        Assert.False(TwilioSignature.IsValid(Url, Form(), Token, null));
    }
}
