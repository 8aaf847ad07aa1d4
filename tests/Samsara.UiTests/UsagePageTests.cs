using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Usage;
using static Microsoft.Playwright.Assertions;

namespace Samsara.UiTests;

public sealed class UsagePageTests(BrowserFixture browser) : BrowserTest(browser)
{
    private static readonly UsageKind[] Kinds = [UsageKind.Sms, UsageKind.Email, UsageKind.CallMinutes, UsageKind.TranscriptionMinutes];

    [Fact]
    public async Task Usage_ThousandsOfEvents_MonthTotalsMatchTheLedgerAndNewUsageAppearsLive()
    {
        // Eight months of an agency's usage over five projects: 3,000 rows, as the senders write them.
        var now = DateTimeOffset.UtcNow;
        var projects = new List<Guid>();
        foreach (var name in new[] { "Senior Backend Engineer", "Warehouse Supervisor", "Staff Nurse (nights)", "Data Analyst", "Head Chef" })
        {
            projects.Add((await App.CreateProjectAsync(name, "Acme Ltd")).Id);
        }

        var random = new Random(42);
        var rows = Enumerable.Range(0, 3000).Select(i =>
        {
            var kind = Kinds[i % 4];
            var at = now.AddMinutes(-random.Next(0, 60 * 24 * 240));
            var quantity = kind switch { UsageKind.Sms => random.Next(1, 3), UsageKind.Email => 1, _ => Math.Round((decimal)random.NextDouble() * 6 + 0.5m, 2) };
            var unit = kind switch { UsageKind.Sms => 0.0079m, UsageKind.Email => 0.001m, UsageKind.CallMinutes => 0.09m, _ => 0.0043m };
            return new UsageEvent
            {
                Id = Guid.CreateVersion7(at),
                ProjectId = projects[i % projects.Count],
                Kind = kind,
                Provider = kind switch { UsageKind.Sms => "twilio", UsageKind.Email => "smtp", UsageKind.CallMinutes => "vapi", _ => "deepgram" },
                ProviderRef = $"ref-{i}",
                Quantity = quantity,
                Unit = kind switch { UsageKind.Sms => "segment", UsageKind.Email => "email", _ => "minute" },
                Cost = Math.Round(quantity * unit, 6),
                Currency = "USD",
                IsEstimate = i % 3 == 0,
                OccurredAt = at,
            };
        }).ToList();
        var factory = App.Service<IDbContextFactory<SamsaraDbContext>>();
        await using (var db = await factory.CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            db.UsageEvents.AddRange(rows);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var month = now.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        decimal MonthTotal(IEnumerable<UsageEvent> set) => set.Where(r => r.OccurredAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture) == month).Sum(r => r.Cost ?? 0);

        await GotoAsync("/");
        await Page.Locator("[data-test=usage-link]").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/usage$"));
        var monthRow = Page.Locator("[data-test=usage-months] tbody tr").Filter(new() { HasText = month });
        await Expect(monthRow.Locator("[data-test=usage-month-total]")).ToHaveTextAsync(Dollars(MonthTotal(rows)));
        await Expect(Page.Locator("[data-test=usage-total]")).ToContainTextAsync(Dollars(rows.Sum(r => r.Cost ?? 0)));
        await Expect(Page.Locator("[data-test=usage-projects] tbody tr")).ToHaveCountAsync(5);
        await Expect(Page.Locator("[data-test=usage-chart] svg")).ToBeVisibleAsync();

        // A call ends while the page is open: its cost shows without a reload.
        var call = UsageRows.Minutes(UsageKind.CallMinutes, "vapi", "live-call", TimeSpan.FromMinutes(100), 25m, projects[0], null, null, PriceQuote.None, now);
        Assert.True(await App.Service<UsageLedger>().RecordAsync(call, TestContext.Current.CancellationToken));
        await Expect(monthRow.Locator("[data-test=usage-month-total]")).ToHaveTextAsync(Dollars(MonthTotal(rows) + 25m));

        // The project filter narrows every total to that project.
        await Page.Locator("[data-test=usage-project]").ClickAsync();
        await Page.GetByRole(Microsoft.Playwright.AriaRole.Option, new() { Name = "Head Chef" }).ClickAsync();
        await Expect(monthRow.Locator("[data-test=usage-month-total]")).ToHaveTextAsync(Dollars(MonthTotal(rows.Where(r => r.ProjectId == projects[4]))));
        await Expect(Page.Locator("[data-test=usage-projects] tbody tr")).ToHaveCountAsync(1);
        await Expect(Page.Locator("[data-test=usage-csv]")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"project={projects[4]}"));

        // Screenshots of the whole agency's usage, as the page opens.
        await GotoAsync("/usage");
        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
        foreach (var width in new[] { 1366, 390 })
        {
            await Page.SetViewportSizeAsync(width, 900);
            await Expect(Page.Locator("[data-test=usage-projects] tbody tr")).ToHaveCountAsync(5);
            await Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"usage-{width}.png"), FullPage = true });
        }
    }

    private static string Dollars(decimal amount) => "$" + amount.ToString(amount < 1 ? "0.00##" : "N2", CultureInfo.InvariantCulture);
}
