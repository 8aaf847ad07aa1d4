using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Users;

namespace Samsara.Web.Security;

/// <summary>
/// <c>users add-admin EMAIL</c>: the first admin of a team install, made on the server's own shell (whoever can run
/// this can already read the database). The password is the first line piped to stdin; with none, one is generated and printed once.
/// </summary>
internal static class UsersCommand
{
    public static bool IsCommand(string[] args) => args is ["users", ..];

    /// <summary>The configuration switches (<c>--key=value</c>) of a command line, without the command's own words.</summary>
    public static string[] ConfigurationArguments(string[] args) => [.. args.Where(a => a.StartsWith("--", StringComparison.Ordinal))];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, bool inputRedirected, TextWriter output, TextWriter error)
    {
        var words = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        if (words is not ["users", "add-admin", var email])
        {
            await error.WriteLineAsync("Usage: users add-admin EMAIL   (password from stdin, or generated and printed once)");
            return 2;
        }

        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SamsaraUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            await error.WriteLineAsync($"A user with the email {email} already exists.");
            return 1;
        }

        // Nothing piped (a terminal, or an empty pipe such as < /dev/null): generate one rather than prompt.
        var piped = inputRedirected ? (await input.ReadLineAsync())?.TrimEnd('\r', '\n') : null;
        var generated = string.IsNullOrEmpty(piped);
        var password = generated ? GeneratePassword() : piped!;
        var user = new SamsaraUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = email.Split('@')[0],
            Role = UserRole.Admin,
            CreatedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            await error.WriteLineAsync("The admin was not created: " + string.Join(" ", created.Errors.Select(e => e.Description)));
            return 1;
        }

        await output.WriteLineAsync($"Admin {email} created.");
        if (generated)
        {
            await output.WriteLineAsync($"Password (shown once, change it after signing in): {password}");
        }

        return 0;
    }

    /// <summary>Whether an enabled admin exists; team mode does not start without one.</summary>
    public static async Task<bool> AdminExistsAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SamsaraUser>>();
        return await users.Users.AnyAsync(u => u.Role == UserRole.Admin && !u.Disabled);
    }

    private static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
}
