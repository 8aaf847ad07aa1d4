using Samsara.Core.Matching;

namespace Samsara.Tests.Matching;

public sealed class SkillCatalogTests
{
    [Theory]
    [InlineData("Expert in csharp and SQL", "C#")]
    [InlineData("C-Sharp developer", "C#")]
    [InlineData("Wrote C# daily", "C#")]
    [InlineData("Modern JS and HTML5", "JavaScript")]
    [InlineData("Ran k8s clusters", "Kubernetes")]
    [InlineData("Backend in Golang", "Go")]
    [InlineData("APIs in Go and Rust", "Go")]
    [InlineData("ReactJS front ends", "React")]
    [InlineData("Postgres tuning", "PostgreSQL")]
    public void FindIn_Synonym_ReturnsCanonicalSkill(string text, string expected)
    {
        Assert.Contains(expected, SkillCatalog.Default.FindIn(text));
    }

    [Theory]
    [InlineData("JavaScript only", "Java")]
    [InlineData("Let's go to the shop", "Go")]
    [InlineData("I like C++ a lot", "C#")]
    [InlineData("Scripts in TypeScript", "JavaScript")]
    public void FindIn_WordInsideAnotherWord_DoesNotMatch(string text, string notExpected)
    {
        Assert.DoesNotContain(notExpected, SkillCatalog.Default.FindIn(text));
    }

    [Fact]
    public void Default_LoadsSynonymsFromEmbeddedJson()
    {
        Assert.Contains("Kubernetes", SkillCatalog.Default.Skills);
        Assert.Equal("C#", SkillCatalog.Default.Canonical("csharp"));
        Assert.Equal("Underwater Basket Weaving", SkillCatalog.Default.Canonical(" Underwater Basket Weaving "));
    }
}
