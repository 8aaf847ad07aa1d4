using System.Globalization;
using System.Text;
using PhoneNumbers;

namespace Samsara.Testing.CvCorpus;

public sealed record CvJob(string Title, string Company, int StartYear, int StartMonth, int? EndYear, int? EndMonth);

/// <summary>A made-up candidate and the ground truth a correct extractor must recover from their CV.</summary>
public sealed record CvPersona(
    string FullName,
    string Email,
    string PhoneE164,
    string PhoneAsWritten,
    string City,
    string Country,
    string Title,
    IReadOnlyList<string> SkillsAsWritten,
    IReadOnlyList<string> CanonicalSkills,
    IReadOnlyList<CvJob> Jobs,
    string Education,
    string? LinkedIn,
    bool NeedsUnicodeFont)
{
    public string Location => $"{City}, {Country}";
}

/// <summary>Generates varied, deterministic personas: international names, numbers in many formats, skills under synonyms.</summary>
public static class CvPersonas
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    private static readonly string[][] Names =
    [
        ["Jane", "Doe"], ["Oliver", "Smith"], ["Amelia", "Hughes"], ["José", "García López"], ["Chloé", "Dubois"], ["Björn", "Åkesson"],
        ["Søren", "Lindqvist"], ["Zoë", "Brontë"], ["Siobhán", "O'Connor"], ["Jean-Luc", "Moreau"], ["Pieter", "van der Berg"], ["Ana", "da Silva"],
        ["Oluwaseun", "Adeyemi"], ["Priya", "Raghunathan"], ["Wei", "Zhang"], ["Kenji", "Watanabe"], ["Łukasz", "Wiśniewski"], ["Mehmet", "Yılmaz"],
        ["Antonín", "Dvořák"], ["Ștefan", "Popescu"], ["Nguyễn", "Văn An"], ["François", "Lefèvre"], ["Müller", "Jürgen"], ["Aoife", "Ní Bhriain"],
        ["Hélène", "Rousseau"], ["Tomás", "Ó Briain"], ["Fatima", "Al-Sayed"], ["Mateus", "Gonçalves"], ["Ingrid", "Bergström"], ["Dmitri", "Ivanov"],
        ["Yusuf", "Demir"], ["Camila", "Fernández"], ["Lars", "Østergaard"], ["Noémie", "Lambert"], ["Rafał", "Kowalczyk"], ["Emily", "Clarke"],
        ["Daniel", "Okafor"], ["Sofia", "Rossi"], ["Henrik", "Nyström"], ["Aisha", "Bello"], ["Marco", "De Luca"], ["Hannah", "Schröder"],
    ];

    private static readonly (string Region, string City, string Country)[] Places =
    [
        ("GB", "London", "United Kingdom"), ("GB", "Manchester", "UK"), ("US", "New York", "USA"), ("US", "Austin", "Texas"), ("DE", "Berlin", "Germany"),
        ("FR", "Paris", "France"), ("ES", "Madrid", "Spain"), ("IT", "Milan", "Italy"), ("NL", "Amsterdam", "Netherlands"), ("IN", "Bengaluru", "India"),
        ("AU", "Sydney", "Australia"), ("BR", "São Paulo", "Brazil"), ("JP", "Tokyo", "Japan"), ("ZA", "Cape Town", "South Africa"), ("IE", "Dublin", "Ireland"),
        ("SE", "Stockholm", "Sweden"), ("PL", "Kraków", "Poland"), ("NG", "Lagos", "Nigeria"), ("SG", "Singapore", "Singapore"), ("CA", "Toronto", "Canada"),
        ("CH", "Zürich", "Switzerland"), ("MX", "Mexico City", "Mexico"), ("DK", "Copenhagen", "Denmark"), ("PT", "Lisbon", "Portugal"),
    ];

    private static readonly string[] Titles =
    [
        "Software Engineer", "Senior Software Engineer", "Backend Developer", "Full Stack Developer", "Data Engineer", "Senior Data Scientist",
        "DevOps Engineer", "Frontend Developer", "Lead Developer", "QA Engineer", "Junior Developer", "Platform Engineer", "Machine Learning Engineer",
    ];

    private static readonly string[] Companies = ["Acme Ltd", "Globex", "Initech", "Umbrella Systems", "Hooli", "Stark Industries", "Wayne Tech", "Vandelay Imports", "Soylent Corp", "Tyrell GmbH"];

    /// <summary>Skill as a candidate might write it, and its canonical name in the catalog.</summary>
    private static readonly (string Written, string Canonical)[] SkillSpellings =
    [
        ("C#", "C#"), ("csharp", "C#"), ("C-Sharp", "C#"), (".NET", ".NET"), ("ASP.NET Core", ".NET"), ("JavaScript", "JavaScript"), ("JS", "JavaScript"),
        ("TypeScript", "TypeScript"), ("Python", "Python"), ("Kubernetes", "Kubernetes"), ("k8s", "Kubernetes"), ("Docker", "Docker"), ("AWS", "AWS"),
        ("Azure", "Azure"), ("PostgreSQL", "PostgreSQL"), ("Postgres", "PostgreSQL"), ("SQL", "SQL"), ("React", "React"), ("ReactJS", "React"),
        ("Node.js", "Node.js"), ("Java", "Java"), ("Spring Boot", "Spring"), ("Terraform", "Terraform"), ("Kafka", "Kafka"), ("Golang", "Go"),
        ("Rust", "Rust"), ("Redis", "Redis"), ("GraphQL", "GraphQL"), ("Pandas", "Pandas"), ("PyTorch", "PyTorch"), ("Machine Learning", "Machine Learning"),
        ("Git", "Git"), ("Linux", "Linux"), ("Scrum", "Agile"), ("Vue", "Vue.js"), ("Angular", "Angular"), ("MongoDB", "MongoDB"), ("Selenium", "Selenium"),
    ];

    public static CvPersona Create(int index, int seed = 4242)
    {
        var random = new Random(seed + (index * 7919));
        var name = Names[index % Names.Length];
        var place = Places[(index * 5 + random.Next(3)) % Places.Length];
        var fullName = $"{name[0]} {name[1]}";
        var ascii = Ascii(name[0]).ToLowerInvariant().Replace("'", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        var asciiLast = Ascii(name[1]).ToLowerInvariant().Replace("'", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        var domain = new[] { "gmail.com", "outlook.com", "proton.me", "example.co.uk", "mail.de", "yahoo.fr", "company.io" }[random.Next(7)];
        var email = (index % 4) switch
        {
            0 => $"{ascii}.{asciiLast}@{domain}",
            1 => $"{ascii[0]}{asciiLast}{random.Next(10, 99)}@{domain}",
            2 => $"{ascii}_{asciiLast}@{domain}",
            _ => $"{asciiLast}.{ascii}+cv@{domain}",
        };

        var (e164, written) = Phone(place.Region, random);
        var skills = SkillSpellings.OrderBy(_ => random.Next()).Take(random.Next(4, 9)).ToList();
        var canonical = skills.Select(s => s.Canonical).Distinct().ToList();
        var title = Titles[random.Next(Titles.Length)];
        var jobs = Jobs(title, random);
        var linkedIn = random.Next(3) == 0 ? null : $"linkedin.com/in/{ascii}-{asciiLast}-{random.Next(100, 999)}";
        var education = new[] { "BSc Computer Science, University of Leeds, 2012", "MSc Software Engineering, TU München, 2015", "BEng Electrical Engineering, Universidad de Chile, 2010", "Diploma in Computing, Dublin Institute of Technology, 2014" }[random.Next(4)];
        var unicode = fullName.Any(c => c > 0xFF);
        return new CvPersona(fullName, email, e164, written, place.City, place.Country, title, skills.Select(s => s.Written).ToList(), canonical, jobs, education, linkedIn, unicode);
    }

    private static List<CvJob> Jobs(string currentTitle, Random random)
    {
        var jobs = new List<CvJob>();
        var year = 2025;
        var count = random.Next(2, 5);
        for (var i = 0; i < count; i++)
        {
            var length = random.Next(1, 5);
            var start = year - length;
            var title = i == 0 ? currentTitle : Titles[random.Next(Titles.Length)];
            jobs.Add(new CvJob(title, Companies[random.Next(Companies.Length)], start, random.Next(1, 13), i == 0 ? null : year, i == 0 ? null : random.Next(1, 13)));
            year = start;
        }

        return jobs;
    }

    /// <summary>A valid mobile number for the region, written the way people from there tend to write it.</summary>
    private static (string E164, string Written) Phone(string region, Random random)
    {
        var example = Phones.GetExampleNumberForType(region, PhoneNumberType.MOBILE);
        var nationalDigits = example.NationalNumber.ToString(CultureInfo.InvariantCulture);
        PhoneNumber number = example;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var digits = nationalDigits[..^4] + random.Next(0, 10000).ToString("D4", CultureInfo.InvariantCulture);
            var candidate = new PhoneNumber.Builder().MergeFrom(example).SetNationalNumber(ulong.Parse(digits, CultureInfo.InvariantCulture)).Build();
            if (Phones.IsValidNumber(candidate))
            {
                number = candidate;
                break;
            }
        }

        var e164 = Phones.Format(number, PhoneNumberFormat.E164);
        var international = Phones.Format(number, PhoneNumberFormat.INTERNATIONAL);
        var written = random.Next(5) switch
        {
            // Numbers from the project's own region (GB) are often written nationally.
            0 when region == "GB" => Phones.Format(number, PhoneNumberFormat.NATIONAL),
            0 => international,
            1 => e164,
            2 => international.Replace(' ', '-'),
            3 => "00" + e164[1..],
            _ => international.Replace(' ', '.'),
        };
        return (e164, written);
    }

    private static string Ascii(string text)
    {
        var map = new Dictionary<char, string> { ['ł'] = "l", ['Ł'] = "L", ['ø'] = "o", ['Ø'] = "O", ['å'] = "a", ['æ'] = "ae", ['ı'] = "i", ['ß'] = "ss", ['đ'] = "d" };
        var sb = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(map.TryGetValue(c, out var r) ? r : c.ToString());
        }

        return sb.ToString().Replace("-", "", StringComparison.Ordinal);
    }
}
