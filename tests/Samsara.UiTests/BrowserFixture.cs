using Microsoft.Playwright;

namespace Samsara.UiTests;

/// <summary>One headless Debian Chromium for the whole run (Playwright never downloads a browser here).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumVariable = "SAMSARA_CHROMIUM";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } =
        Path.GetFullPath(Environment.GetEnvironmentVariable("SAMSARA_SCREENSHOTS") ?? Path.Combine(AppContext.BaseDirectory, "screenshots"));

    public async ValueTask InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable(ChromiumVariable) ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium not found at {executable}. Run ./test.sh (it installs Debian's chromium) or set {ChromiumVariable}.");
        }

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
