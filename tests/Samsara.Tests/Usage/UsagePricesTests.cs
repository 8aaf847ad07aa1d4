using Samsara.Core.Providers;
using Samsara.Core.Usage;

namespace Samsara.Tests.Usage;

public sealed class UsagePricesTests
{
    [Theory]
    [InlineData("""{"unitPrice":"0,0079"}""", "'0,0079' is not a number")]
    [InlineData("""{"unitPrice":"-1"}""", "'-1' is not a number of zero or more")]
    [InlineData("""{"unitPrice":"free"}""", "'free' is not a number")]
    [InlineData("""{"unitPrice":"0.01","priceCurrency":"dollars"}""", "'dollars' is not a three-letter ISO code")]
    public void CheckSettings_BadPriceOrCurrency_SaysWhatIsWrong(string settings, string expected) =>
        Assert.Contains(expected, UsagePrices.CheckSettings(settings), StringComparison.Ordinal);

    [Theory]
    [InlineData(null)]
    [InlineData("""{"fromNumber":"+15005550006"}""")]
    [InlineData("""{"unitPrice":"0.0079"}""")]
    [InlineData("""{"unitPrice":0.0079,"priceCurrency":"eur"}""")]
    public void CheckSettings_NoPriceOrAGoodOne_Accepted(string? settings) => Assert.Null(UsagePrices.CheckSettings(settings));

    [Fact]
    public void PriceQuote_FromSettings_EstimatesUnitsTimesPriceInItsCurrency()
    {
        var id = Guid.NewGuid();
        var quote = PriceQuote.From(id, """{"unitPrice":"0.0079","priceCurrency":"eur"}""");

        Assert.Equal((id, 0.0158m, "EUR"), (quote.AccountId!.Value, quote.CostOf(2)!.Value, quote.Currency));
        Assert.Null(PriceQuote.From(id, "{}").CostOf(2));
    }

    [Fact]
    public void Fields_EveryBillableProvider_AsksForAUnitPrice()
    {
        foreach (var type in new[] { ProviderType.Twilio, ProviderType.SendGrid, ProviderType.Smtp, ProviderType.Vapi, ProviderType.Bland, ProviderType.Retell, ProviderType.Deepgram, ProviderType.AssemblyAi })
        {
            Assert.Contains(ProviderCatalog.Fields(type), f => f.Name == ProviderCatalog.UnitPriceField && !f.Secret);
        }

        Assert.DoesNotContain(ProviderCatalog.Fields(ProviderType.Imap), f => f.Name == ProviderCatalog.UnitPriceField);
    }
}
