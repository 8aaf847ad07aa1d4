using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Samsara.UiTests;

public sealed class ProviderSettingsTests(BrowserFixture browser) : BrowserTest(browser)
{
    // The in-process sandbox's Twilio token: a test send succeeds only if the stored secret is the one used.
    private const string SandboxToken = "sandbox-twilio-token";

    [Fact]
    public async Task SettingsProviders_AddTestEditRotateRemove_ShowsStatusAndNeverTheSecret()
    {
        await GotoAsync("/");
        await Page.Locator("[data-test=settings-link]").ClickAsync();
        await Expect(Page.Locator("[data-test=no-providers]")).ToBeVisibleAsync();

        await Page.Locator("[data-test=add-provider]").ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Account name").FillAsync("Agency Twilio");
        await dialog.Locator("[data-test=setting-accountSid]").FillAsync("AC00000000000000000000000000000001");
        await dialog.Locator("[data-test=setting-fromNumber]").FillAsync("+15005550006");
        await dialog.Locator("[data-test=secret-authToken]").FillAsync(SandboxToken);
        await dialog.Locator("[data-test=save-provider]").ClickAsync();

        var row = Page.Locator("[data-test=provider-row]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("Agency Twilio");
        await Expect(row).ToContainTextAsync("authToken ••••");
        await Expect(row.Locator("[data-test=last-test]")).ToContainTextAsync("Not tested");

        await row.Locator("[data-test=test-provider]").ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).Locator("[data-test=test-to]").FillAsync("+447700900123");
        await Page.GetByRole(AriaRole.Dialog).Locator("[data-test=run-test]").ClickAsync();
        await Expect(Page.Locator("[data-test=test-result]")).ToContainTextAsync("Test SMS accepted by Twilio");
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(row.Locator("[data-test=last-test]")).ToContainTextAsync("accepted");

        // The stored secret is write-only: the edit form shows only that one is stored.
        await row.Locator("[data-test=edit-provider]").ClickAsync();
        var token = Page.GetByRole(AriaRole.Dialog).Locator("[data-test=secret-authToken]");
        await Expect(token).ToHaveValueAsync("");
        await Expect(token).ToHaveAttributeAsync("placeholder", "•••• stored");
        await token.FillAsync("a-wrong-token");
        await Page.GetByRole(AriaRole.Dialog).Locator("[data-test=save-provider]").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await row.Locator("[data-test=test-provider]").ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).Locator("[data-test=test-to]").FillAsync("+447700900123");
        await Page.GetByRole(AriaRole.Dialog).Locator("[data-test=run-test]").ClickAsync();
        await Expect(Page.Locator("[data-test=test-result]")).ToContainTextAsync("refused the credentials");
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        Assert.DoesNotContain(SandboxToken, await Page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("a-wrong-token", await Page.ContentAsync(), StringComparison.Ordinal);

        await row.Locator("[data-test=remove-provider]").ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Expect(Page.Locator("[data-test=no-providers]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SettingsProviders_SaveWithoutRequiredFields_ExplainsAndAddsNothing()
    {
        await GotoAsync("/settings");
        await Page.Locator("[data-test=add-provider]").ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).Locator("[data-test=save-provider]").ClickAsync();

        await Expect(Page.Locator("[data-test=provider-errors]")).ToContainTextAsync("Auth token is required.");
        await Expect(Page.Locator("[data-test=provider-errors]")).ToContainTextAsync("Account SID is required.");
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(Page.Locator("[data-test=no-providers]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SettingsProviders_TwoTwilioAccounts_UseThisOneSwitchesTheActiveAccount()
    {
        var store = App.Service<Samsara.Core.Providers.CredentialStore>();
        foreach (var name in new[] { "Main Twilio", "Backup Twilio" })
        {
            await store.AddAsync(new()
            {
                ProviderType = Samsara.Core.Providers.ProviderType.Twilio,
                ProviderName = name,
                SettingsJson = """{"accountSid":"AC00000000000000000000000000000001","fromNumber":"+15005550006"}""",
                Secrets = new() { ["authToken"] = SandboxToken },
            }, TestContext.Current.CancellationToken);
        }

        await GotoAsync("/settings");
        var main = Page.Locator("[data-test=provider-row]", new() { HasText = "Main Twilio" });
        var backup = Page.Locator("[data-test=provider-row]", new() { HasText = "Backup Twilio" });
        // The account saved last took over as active.
        await Expect(backup.Locator("[data-test=provider-active]")).ToBeVisibleAsync();
        await Expect(main.Locator("[data-test=provider-active]")).ToHaveCountAsync(0);

        await main.Locator("[data-test=activate-provider]").ClickAsync();

        await Expect(main.Locator("[data-test=provider-active]")).ToBeVisibleAsync();
        await Expect(backup.Locator("[data-test=provider-active]")).ToHaveCountAsync(0);
        await Expect(backup.Locator("[data-test=activate-provider]")).ToBeVisibleAsync();
        var active = await store.GetActiveForUseAsync(Samsara.Core.Providers.ProviderType.Twilio, TestContext.Current.CancellationToken);
        Assert.Equal("Main Twilio", active!.ProviderName);
    }

    [Fact]
    public async Task SettingsProviders_VoiceAccountCallsAtOnce_BadValueRefusedWithTheReasonGoodOneKeptAfterReload()
    {
        var store = App.Service<Samsara.Core.Providers.CredentialStore>();
        await store.AddAsync(new()
        {
            ProviderType = Samsara.Core.Providers.ProviderType.Vapi,
            ProviderName = "Agency Vapi",
            SettingsJson = """{"assistantId":"asst_screening"}""",
            Secrets = new() { ["apiKey"] = "vapi-private-key" },
        }, TestContext.Current.CancellationToken);

        await GotoAsync("/settings");
        var row = Page.Locator("[data-test=provider-row]", new() { HasText = "Agency Vapi" });
        await row.Locator("[data-test=edit-provider]").ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        var callsAtOnce = dialog.Locator("[data-test=setting-maxConcurrentCalls]");
        await callsAtOnce.FillAsync("0");
        await dialog.Locator("[data-test=save-provider]").ClickAsync();

        await Expect(dialog.Locator("[data-test=provider-errors]")).ToContainTextAsync("Calls at once must be a whole number from 1 to 1000 (it was \"0\").");
        await Expect(dialog).ToBeVisibleAsync();

        await callsAtOnce.FillAsync("25");
        await dialog.Locator("[data-test=save-provider]").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await Page.ReloadAsync();
        await Page.Locator("[data-test=provider-row]", new() { HasText = "Agency Vapi" }).Locator("[data-test=edit-provider]").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Dialog).Locator("[data-test=setting-maxConcurrentCalls]")).ToHaveValueAsync("25");
        var stored = await store.GetActiveForUseAsync(Samsara.Core.Providers.ProviderType.Vapi, TestContext.Current.CancellationToken);
        Assert.Equal(25, Samsara.Core.Providers.ProviderCatalog.ConcurrentCallLimit(stored!.SettingsJson, fallback: 10));
    }
}
