using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Samsara.Core.Candidates;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Projects;
using Samsara.Core.Templates;

namespace Samsara.Bench.Outreach;

/// <summary>Bulk set-up for the runs (not timed): projects, candidates, enrolments and pending timers.</summary>
internal static class Seed
{
    public const int ChunkSize = 5_000;

    /// <summary>Unique UK mobile numbers, so each candidate's send is recognisable in the sandbox's log.</summary>
    public static string Phone(int i) => "+4477" + (10_000_000 + i).ToString(CultureInfo.InvariantCulture);

    /// <summary>A project open all day (the runs must not wait for quiet hours) with one SMS template.</summary>
    public static async Task<Project> ProjectAsync(IHost host, string name)
    {
        var project = await host.Services.GetRequiredService<ProjectService>().CreateAsync(new ProjectInput { Name = name, ClientName = "Acme Ltd" });
        await using (var db = await host.DbAsync())
        {
            await db.Projects.Where(p => p.Id == project.Id).ExecuteUpdateAsync(p => p
                .SetProperty(x => x.QuietHoursStartMinute, 0)
                .SetProperty(x => x.QuietHoursEndMinute, 24 * 60));
        }

        await host.Services.GetRequiredService<TemplateService>().CreateAsync(new TemplateInput
        {
            ProjectId = project.Id,
            Name = "First touch",
            Channel = MessageChannel.Sms,
            Body = "Hi {{ candidate.first_name }}, are you open to a role with {{ project.client_name }}? Reply STOP to opt out.",
        });
        return project;
    }

    /// <summary><paramref name="count"/> candidates enrolled in the project's one-step SMS sequence; returns their numbers.</summary>
    public static async Task<IReadOnlyList<string>> EnrolledCandidatesAsync(IHost host, Guid projectId, int count, DateTimeOffset now)
    {
        var phones = Enumerable.Range(0, count).Select(Phone).ToList();
        foreach (var chunk in phones.Chunk(ChunkSize))
        {
            await using var db = await host.DbAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Candidates.AddRange(chunk.Select(phone => new Candidate
            {
                Id = Guid.CreateVersion7(now),
                ProjectId = projectId,
                FullName = "Ada Lovelace " + phone[^4..],
                Phone = phone,
                CreatedAt = now,
                UpdatedAt = now,
            }));
            await db.SaveChangesAsync();
        }

        await host.Services.GetRequiredService<OutreachService>().EnrolAsync(projectId, new EnrolRequest(All: true), "bench");
        return phones;
    }

    /// <summary>
    /// <paramref name="count"/> candidates already texted and awaiting a reply, with their reply timers due evenly
    /// between <paramref name="firstDue"/> and <paramref name="firstDue"/> + <paramref name="window"/>.
    /// </summary>
    public static async Task AwaitingTimersAsync(IHost host, Guid projectId, int count, DateTimeOffset now, DateTimeOffset firstDue, TimeSpan window)
    {
        for (var start = 0; start < count; start += ChunkSize)
        {
            var end = Math.Min(count, start + ChunkSize);
            await using var db = await host.DbAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < end; i++)
            {
                var candidate = new Candidate { Id = Guid.CreateVersion7(now), ProjectId = projectId, FullName = "Ada Lovelace " + i.ToString(CultureInfo.InvariantCulture), Phone = Phone(i), CreatedAt = now, UpdatedAt = now };
                var sequence = new OutreachSequence
                {
                    Id = Guid.CreateVersion7(now),
                    ProjectId = projectId,
                    CandidateId = candidate.Id,
                    Status = CandidateState.AwaitingReply,
                    StartedAt = now,
                    StateChangedAt = now,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                db.Candidates.Add(candidate);
                db.OutreachSequences.Add(sequence);
                db.OutreachTimers.Add(new OutreachTimer
                {
                    Id = Guid.CreateVersion7(now),
                    SequenceId = sequence.Id,
                    ProjectId = projectId,
                    Kind = TimerKind.ReplyTimeout,
                    DueAt = firstDue + window * i / count,
                    CreatedAt = now,
                });
            }

            await db.SaveChangesAsync();
        }
    }
}
