using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Common;
using Samsara.Core.Providers;
using Samsara.Tests.Email;

namespace Samsara.Tests.Providers;

public sealed class CredentialStoreTests
{
    private const string Secret = "sk_live_5ecretToken-9f8e7d6c";

    private static ProviderAccountInput Twilio(string secret = Secret) => new()
    {
        ProviderType = ProviderType.Twilio,
        ProviderName = "Agency Twilio",
        Secrets = new() { ["authToken"] = secret },
        SettingsJson = """{"accountSid":"AC123","from":"+447700900123"}""",
    };

    [Fact]
    public async Task AddAsync_ThenGetForUse_ReturnsTheSecretDecrypted()
    {
        await using var services = await TestServices.StartAsync();
        var store = services.Get<CredentialStore>();

        var added = await store.AddAsync(Twilio(), TestContext.Current.CancellationToken);
        var account = await store.GetForUseAsync(added.Id, TestContext.Current.CancellationToken);

        Assert.NotNull(account);
        Assert.Equal(Secret, account.Secrets["authToken"]);
        Assert.Equal("""{"accountSid":"AC123","from":"+447700900123"}""", account.SettingsJson);
    }

    [Fact]
    public async Task AddAsync_StoredRow_DoesNotContainThePlaintextSecret()
    {
        await using var services = await TestServices.StartAsync();
        var added = await services.Get<CredentialStore>().AddAsync(Twilio(), TestContext.Current.CancellationToken);

        await using var db = await services.DbAsync();
        var row = await db.ProviderCredentials.SingleAsync(p => p.Id == added.Id, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(row.CredentialsEncrypted), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, Convert.ToBase64String(row.CredentialsEncrypted), StringComparison.Ordinal);
        var dbFile = await File.ReadAllBytesAsync(Path.Combine(services.DataDirectory, "samsara.db"), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(dbFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAsync_WithNewSecret_RotatesAndOldSecretIsGone()
    {
        await using var services = await TestServices.StartAsync();
        var store = services.Get<CredentialStore>();
        var added = await store.AddAsync(Twilio(), TestContext.Current.CancellationToken);

        var input = Twilio("rotated-token-1234");
        await store.UpdateAsync(added.Id, input, TestContext.Current.CancellationToken);
        var account = await store.GetForUseAsync(added.Id, TestContext.Current.CancellationToken);

        Assert.Equal("rotated-token-1234", account!.Secrets["authToken"]);
        Assert.DoesNotContain(Secret, services.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("rotated-token-1234", services.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAsync_WithoutSecrets_KeepsTheStoredSecret()
    {
        await using var services = await TestServices.StartAsync();
        var store = services.Get<CredentialStore>();
        var added = await store.AddAsync(Twilio(), TestContext.Current.CancellationToken);

        var input = Twilio();
        input.Secrets = null;
        input.ProviderName = "Renamed";
        var updated = await store.UpdateAsync(added.Id, input, TestContext.Current.CancellationToken);
        var account = await store.GetForUseAsync(added.Id, TestContext.Current.CancellationToken);

        Assert.Equal("Renamed", updated!.ProviderName);
        Assert.Equal(Secret, account!.Secrets["authToken"]);
    }

    [Fact]
    public async Task ListAsync_SummaryAndItsJson_NeverContainTheSecret()
    {
        await using var services = await TestServices.StartAsync();
        var store = services.Get<CredentialStore>();
        await store.AddAsync(Twilio(), TestContext.Current.CancellationToken);

        var list = await store.ListAsync(ct: TestContext.Current.CancellationToken);
        var json = JsonSerializer.Serialize(list);

        var summary = Assert.Single(list);
        Assert.True(summary.HasSecret);
        Assert.Equal(["authToken"], summary.SecretFields);
        Assert.DoesNotContain(Secret, json, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret[^4..], json, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, summary.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllOperations_LogOutput_NeverContainsTheSecret()
    {
        await using var services = await TestServices.StartAsync();
        var store = services.Get<CredentialStore>();
        var ct = TestContext.Current.CancellationToken;

        var added = await store.AddAsync(Twilio(), ct);
        var account = await store.GetForUseAsync(added.Id, ct);
        await store.UpdateAsync(added.Id, Twilio(), ct);
        await store.RemoveAsync(added.Id, ct);

        Assert.NotEmpty(services.Logs.Lines);
        Assert.Contains(services.Logs.Lines, l => l.Contains(added.Id.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, services.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, account!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, account.Secrets.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, Twilio().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoveAsync_ExistingAccount_IsGoneFromListAndUse()
    {
        await using var services = await TestServices.StartAsync();
        var store = services.Get<CredentialStore>();
        var added = await store.AddAsync(Twilio(), TestContext.Current.CancellationToken);

        Assert.True(await store.RemoveAsync(added.Id, TestContext.Current.CancellationToken));
        Assert.False(await store.RemoveAsync(added.Id, TestContext.Current.CancellationToken));
        Assert.Empty(await store.ListAsync(ct: TestContext.Current.CancellationToken));
        Assert.Null(await store.GetForUseAsync(added.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AddAsync_WithoutSecret_IsRejected()
    {
        await using var services = await TestServices.StartAsync();
        var input = Twilio();
        input.Secrets = [];

        var error = await Assert.ThrowsAsync<InputValidationException>(() => services.Get<CredentialStore>().AddAsync(input, TestContext.Current.CancellationToken));

        Assert.Contains("secrets", error.Errors.Keys);
    }

    [Fact]
    public async Task AddAsync_SettingsNotJsonObject_IsRejected()
    {
        await using var services = await TestServices.StartAsync();
        var input = Twilio();
        input.SettingsJson = "{not json";

        var error = await Assert.ThrowsAsync<InputValidationException>(() => services.Get<CredentialStore>().AddAsync(input, TestContext.Current.CancellationToken));

        Assert.Contains("settingsJson", error.Errors.Keys);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task KeyRing_OnDisk_FolderIs0700AndKeyFiles0600()
    {
        await using var services = await TestServices.StartAsync();
        await services.Get<CredentialStore>().AddAsync(Twilio(), TestContext.Current.CancellationToken);

        var keys = Path.Combine(services.DataDirectory, "keys");
        var files = Directory.GetFiles(keys, "*.xml");
        Assert.NotEmpty(files);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        Assert.All(files, f => Assert.DoesNotContain(Secret, File.ReadAllText(f), StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetForUse_AfterRestartWithSameKeyRing_StillDecrypts()
    {
        var dataDirectory = TestServices.NewDataDirectory();
        Guid id;
        await using (var first = await TestServices.StartAsync(dataDirectory: dataDirectory, deleteOnDispose: false))
        {
            id = (await first.Get<CredentialStore>().AddAsync(Twilio(), TestContext.Current.CancellationToken)).Id;
        }

        await using var second = await TestServices.StartAsync(dataDirectory: dataDirectory);
        var account = await second.Get<CredentialStore>().GetForUseAsync(id, TestContext.Current.CancellationToken);

        Assert.Equal(Secret, account!.Secrets["authToken"]);
    }
}
