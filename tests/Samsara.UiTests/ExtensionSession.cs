using Microsoft.Playwright;
using Samsara.Testing;

namespace Samsara.UiTests;

/// <summary>
/// Debian's Chromium with the unpacked extension from <c>extension/dist</c> loaded (headless=new runs MV3
/// extensions), a Samsara server in demo mode (so the sandbox ATS pages are served) on a real loopback port.
/// </summary>
public sealed class ExtensionSession : IAsyncDisposable
{
    /// <summary>Fixed by the public key in extension/static/manifest.json.</summary>
    public const string ExtensionId = "hojlapgdeccfofcbcmghcdkihiepmkio";

    private readonly IPlaywright playwright;
    private readonly string profile;

    private ExtensionSession(IPlaywright playwright, IBrowserContext context, SamsaraAppFactory app, Uri baseAddress, string profile)
    {
        this.playwright = playwright;
        Context = context;
        App = app;
        BaseAddress = baseAddress;
        this.profile = profile;
    }

    public IBrowserContext Context { get; }
    public SamsaraAppFactory App { get; }
    public Uri BaseAddress { get; }

    public static async Task<ExtensionSession> StartAsync()
    {
        var extension = FindExtension();
        var app = new SamsaraAppFactory();
        var baseAddress = app.StartBrowserServer();
        var profile = Path.Combine(Path.GetTempPath(), "samsara-ext-" + Guid.NewGuid().ToString("N"));
        var playwright = await Playwright.CreateAsync();
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SAMSARA_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--headless=new", $"--disable-extensions-except={extension}", $"--load-extension={extension}",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-gpu"],
            ViewportSize = new() { Width = 1200, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        return new ExtensionSession(playwright, context, app, baseAddress, profile);
    }

    /// <summary>Pairs through the extension's popup, as a recruiter pastes the token, and waits for the bridge.</summary>
    public async Task PairAsync() => await PairWithTokenAsync(await App.PairExtensionAsync());

    public async Task PairWithTokenAsync(string token)
    {
        var popup = await Context.NewPageAsync();
        await popup.GotoAsync($"chrome-extension://{ExtensionId}/popup.html");
        await popup.Locator("#server").FillAsync(BaseAddress.ToString().TrimEnd('/'));
        await popup.Locator("#token").FillAsync(token);
        await popup.Locator("#pair").ClickAsync();
        await App.ExtensionConnectedAsync();
        await Assertions.Expect(popup.Locator("#state")).ToHaveTextAsync("connected");
        await popup.CloseAsync();
    }

    /// <summary>
    /// The toolbar popup, opened as a page. A real popup is not a tab; here the ATS page is brought back to the
    /// front afterwards (<paramref name="front"/>) so the popup and the worker see it as the recruiter's tab.
    /// </summary>
    public async Task<IPage> OpenPopupAsync(IPage? front = null)
    {
        var popup = await Context.NewPageAsync();
        await popup.GotoAsync($"chrome-extension://{ExtensionId}/popup.html");
        await Assertions.Expect(popup.Locator("#state")).ToHaveTextAsync("connected");
        if (front is not null)
        {
            await front.BringToFrontAsync();
        }

        return popup;
    }

    /// <summary>Opens a sandbox ATS page in front, where the extension fills.</summary>
    public async Task<IPage> OpenAtsAsync(string kind)
    {
        var page = await Context.NewPageAsync();
        await page.GotoAsync(new Uri(BaseAddress, $"/_sandbox/ats/{kind}").ToString());
        await page.BringToFrontAsync();
        // The content script is in (document_idle comes a moment after load).
        await page.Locator("html[data-samsara-fill=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return page;
    }

    private static string FindExtension()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var dist = Path.Combine(dir.FullName, "extension", "dist");
            if (File.Exists(Path.Combine(dist, "manifest.json")))
            {
                return dist;
            }
        }

        throw new InvalidOperationException("extension/dist is missing: build the extension first (cd extension && npm ci && npm run build; ./test.sh does).");
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        playwright.Dispose();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be writing its profile as it exits; the temp folder is cleaned by the OS.
        }
    }
}
