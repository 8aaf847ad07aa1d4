using Samsara.Core.Ats.Mapping;

namespace Samsara.Tests.Ats;

public sealed class NameSplitterTests
{
    [Theory]
    [InlineData("Ana Lima", "Ana", "Lima")]
    [InlineData("Ludwig van der Berg", "Ludwig", "van der Berg")]
    [InlineData("María de la Cruz", "María", "de la Cruz")]
    [InlineData("Anna Maria van Dijk", "Anna Maria", "van Dijk")]
    [InlineData("Seán O'Brien", "Seán", "O'Brien")]
    [InlineData("Siobhán O’Connor-Walsh", "Siobhán", "O’Connor-Walsh")]
    [InlineData("Jean-Luc Picard", "Jean-Luc", "Picard")]
    [InlineData("Ludwig Van Beethoven", "Ludwig", "Van Beethoven")]
    [InlineData("Leonardo da Vinci", "Leonardo", "da Vinci")]
    [InlineData("João dos Santos Silva", "João", "dos Santos Silva")]
    [InlineData("  Ana   Lima  ", "Ana", "Lima")]
    [InlineData("Berg, Ludwig van der", "Ludwig", "van der Berg")]
    [InlineData("Lima, Ana", "Ana", "Lima")]
    [InlineData("Minh Le", "Minh", "Le")]
    [InlineData("Madonna", "Madonna", "")]
    public void Split_FullName_KeepsParticlesAndApostrophesInTheSurname(string full, string first, string last)
    {
        var (f, l) = NameSplitter.Split(full);

        Assert.Equal(first, f);
        Assert.Equal(last, l);
    }
}
