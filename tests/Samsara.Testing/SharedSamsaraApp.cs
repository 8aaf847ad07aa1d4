namespace Samsara.Testing;

/// <summary>
/// One app (SQLite) shared by the tests of a class (<c>IClassFixture&lt;SharedSamsaraApp&gt;</c>): starting Samsara
/// migrates a fresh database and starts its background services, which costs far more than most API tests. Tests that
/// share it scope what they assert to the project or candidate they created, never to global lists.
/// </summary>
public sealed class SharedSamsaraApp : SamsaraAppFactory
{
    public SharedSamsaraApp()
    {
    }
}

/// <summary>As <see cref="SharedSamsaraApp"/>, on a database of its own on the test PostgreSQL server.</summary>
public sealed class SharedPostgresSamsaraApp : SamsaraAppFactory
{
    public SharedPostgresSamsaraApp()
        : base(TestDatabase.CreateAsync(Core.DatabaseProvider.Postgres).GetAwaiter().GetResult())
    {
    }
}
