using Microsoft.Playwright;
using Samsara.Testing;

namespace Samsara.UiTests;

/// <summary>
/// A Samsara server on a real loopback port and a fresh browser page. A failing test leaves a
/// full-page screenshot named after it in <see cref="BrowserFixture.ScreenshotDirectory"/>.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserFixture browser) : IAsyncLifetime
{
    private SamsaraAppFactory? app;

    /// <summary>Created on first use, with <see cref="AppSettings"/>.</summary>
    protected SamsaraAppFactory App => app ??= CreateApp();

    /// <summary>Configuration a test class needs on top of the defaults (e.g. faster sandbox calls).</summary>
    protected virtual IDictionary<string, string?>? AppSettings => null;

    /// <summary>The app under test; a class that needs a stand-in part (the sentence model, say) builds its own.</summary>
    protected virtual SamsaraAppFactory CreateApp() => new(settings: AppSettings);

    protected IPage Page { get; private set; } = null!;

    protected Uri BaseAddress { get; private set; } = null!;

    private IBrowserContext context = null!;

    public virtual async ValueTask InitializeAsync()
    {
        BaseAddress = App.StartBrowserServer();
        context = await browser.Browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString().TrimEnd('/'), ViewportSize = new() { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        Page = await context.NewPageAsync();
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == Xunit.TestResult.Failed)
        {
            Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
            var name = string.Concat((TestContext.Current.Test?.TestDisplayName ?? "test").Split(Path.GetInvalidFileNameChars()));
            await Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png"), FullPage = true });
        }

        await context.DisposeAsync();
        await App.DisposeAsync();
    }

    /// <summary>
    /// Waits until Blazor's script has set up a file input (it listens for <c>change</c> only from then on; files set
    /// earlier are silently lost, which made a drop test flaky), then returns it for <c>SetInputFilesAsync</c>.
    /// </summary>
    protected async Task<ILocator> FileInputAsync(ILocator input)
    {
        var element = await input.ElementHandleAsync();
        await Page.WaitForFunctionAsync("e => e._blazorInputFileNextFileId !== undefined", element);
        return input;
    }

    /// <summary>Set SAMSARA_SHOTS to a folder to keep a picture of each state for review.</summary>
    protected async Task ShotAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("SAMSARA_SHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await Page.WaitForTimeoutAsync(1500); // let embedded viewers paint
            await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    /// <summary>Waits until Blazor's interactive circuit is up, so clicks reach the server.</summary>
    protected async Task GotoAsync(string path)
    {
        await Page.GotoAsync(path);
        await Page.Locator("body[data-interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }
}
