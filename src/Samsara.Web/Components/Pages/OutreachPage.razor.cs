using Microsoft.AspNetCore.Components;
using MudBlazor;
using Samsara.Core.Common;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Listing;
using Samsara.Core.Projects;
using Samsara.Web.Components.Dialogs;
using Samsara.Web.Components.Shared;

namespace Samsara.Web.Components.Pages;

/// <summary>
/// The Outreach table, paged by the database: the page holds one page of rows and a set of selected ids, never the
/// whole project, and "all matching" is a filter handed to the server rather than a list of 10,000 ids.
/// </summary>
public sealed partial class OutreachPage
{
    /// <summary>How long a stop can be undone from its snackbar.</summary>
    private static readonly TimeSpan UndoFor = TimeSpan.FromSeconds(30);

    private MudTable<LiveRow<OutreachRow>>? table;
    private OutreachCounts? counts;
    private OutreachFilter filter = new();
    private IReadOnlyList<OutreachRow> pageRows = [];
    private int total;
    private readonly HashSet<Guid> selected = [];
    private bool allMatching;
    private bool drawerOpen;
    private OutreachRow? current;
    private int tab;
    private int reloading;

    [Parameter] public Guid Id { get; set; }

    [CascadingParameter] public ProjectSummary? Project { get; set; }

    /// <summary>A "needs you" link opens this candidate's timeline.</summary>
    [SupplyParameterFromQuery(Name = "candidate")] public Guid? CandidateId { get; set; }

    private bool PageAllSelected => allMatching || (pageRows.Count > 0 && pageRows.All(r => selected.Contains(r.CandidateId)));

    private string ScopeText => allMatching
        ? $"All {Labels.Count(total)} matching selected"
        : selected.Count > 0
            ? $"{Labels.Count(selected.Count)} selected"
            : $"Actions apply to all {Labels.Count(total)} {(IsFiltered ? "matching" : "enrolled")}";

    private bool IsFiltered => filter != new OutreachFilter();

    protected override async Task OnInitializedAsync()
    {
        Changes.Changed += OnChanged;
        counts = await Listing.CountsAsync(Id);
        if (CandidateId is { } linked && await Listing.RowAsync(Id, linked) is { } row)
        {
            OpenDrawer(row);
        }
    }

    private async Task<TableData<LiveRow<OutreachRow>>> LoadPageAsync(TableState state, CancellationToken ct)
    {
        var sort = Enum.TryParse<OutreachSort>(state.SortLabel, out var s) ? s : OutreachSort.Updated;
        var descending = state.SortDirection switch
        {
            SortDirection.Descending => true,
            SortDirection.Ascending => false,
            SortDirection.None => sort == OutreachSort.Updated,
        };
        var page = await Listing.PageAsync(Id, new OutreachQuery(state.Page + 1, state.PageSize, sort, descending, filter), ct);
        pageRows = page?.Items ?? [];
        total = page?.Total ?? 0;
        if (current is not null)
        {
            current = pageRows.FirstOrDefault(r => r.CandidateId == current.CandidateId) ?? current;
        }

        return new TableData<LiveRow<OutreachRow>> { Items = [.. pageRows.Select(r => new LiveRow<OutreachRow>(r.CandidateId, r))], TotalItems = total };
    }

    private async Task SetFilterAsync(OutreachFilter next)
    {
        filter = next with { Search = string.IsNullOrWhiteSpace(next.Search) ? null : next.Search };
        allMatching = false;
        selected.Clear();
        if (table is not null)
        {
            await table.ReloadServerData();
        }
    }

    private void Toggle(Guid candidateId, bool on)
    {
        if (allMatching)
        {
            // Unticking one row of "all matching" falls back to the rows on this page, minus that one.
            allMatching = false;
            selected.UnionWith(pageRows.Select(r => r.CandidateId));
        }

        if (on)
        {
            selected.Add(candidateId);
        }
        else
        {
            selected.Remove(candidateId);
        }
    }

    private void TogglePage(bool on)
    {
        allMatching = false;
        if (on)
        {
            selected.UnionWith(pageRows.Select(r => r.CandidateId));
        }
        else
        {
            selected.Clear();
        }
    }

    private void SelectAllMatching() => allMatching = true;

    private void ClearSelection()
    {
        allMatching = false;
        selected.Clear();
    }

    private OutreachSelection Selection => allMatching || selected.Count == 0
        ? new OutreachSelection(Matching: filter)
        : new OutreachSelection(CandidateIds: [.. selected]);

    private async Task BulkAsync(OutreachControl control)
    {
        var selection = Selection;
        if (control is OutreachControl.Stop or OutreachControl.Restart)
        {
            var impact = await Listing.ImpactAsync(Id, selection, control);
            var stop = control == OutreachControl.Stop;
            var effect = stop ? "will get no more messages or calls from this outreach." : "will carry on with their sequence where it was stopped.";
            var note = stop ? $"You can undo this for {UndoFor.TotalSeconds:0} seconds, or restart stopped candidates later." : null;
            var parameters = new DialogParameters<ConfirmBulkDialog>
            {
                { d => d.Impact, impact },
                { d => d.Verb, stop ? "Stop" : "Restart" },
                { d => d.Effect, effect },
                { d => d.Note, note },
                { d => d.Color, stop ? Color.Error : Color.Primary },
            };
            var title = control == OutreachControl.Stop ? "Stop outreach?" : "Restart stopped candidates?";
            var dialog = await Dialogs.ShowAsync<ConfirmBulkDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
            if (await dialog.Result is not { Canceled: false })
            {
                return;
            }
        }

        var result = await Outreach.ControlManyAsync(Id, selection, control, "recruiter");
        var done = control switch
        {
            OutreachControl.Pause => "paused",
            OutreachControl.Resume => "resumed",
            OutreachControl.Stop => "stopped",
            OutreachControl.Restart => "restarted",
        };
        var message = $"{Labels.Plural(result.Changed, "candidate", "candidates")} {done}.";
        if (control == OutreachControl.Stop && result.Changed > 0)
        {
            var stopped = result.SequenceIds;
            Snackbar.Add(message, Severity.Info, config =>
            {
                config.Action = "Undo";
                config.ActionColor = Color.Primary;
                config.VisibleStateDuration = (int)UndoFor.TotalMilliseconds;
                config.OnClick = _ => UndoStopAsync(stopped);
            });
        }
        else
        {
            Snackbar.Add(message, result.Changed > 0 ? Severity.Success : Severity.Info);
        }

        ClearSelection();
    }

    private async Task UndoStopAsync(IReadOnlyList<Guid> sequenceIds)
    {
        var result = await Outreach.ControlManyAsync(Id, new OutreachSelection(SequenceIds: sequenceIds), OutreachControl.Restart, "recruiter");
        Snackbar.Add($"Undone: {Labels.Plural(result.Changed, "candidate", "candidates")} carry on.", Severity.Success);
    }

    private async Task EnrolAsync()
    {
        var parameters = new DialogParameters<EnrolDialog> { { d => d.ProjectId, Id } };
        var dialog = await Dialogs.ShowAsync<EnrolDialog>("Enrol candidates", parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: EnrolRequest request })
        {
            var result = await Outreach.EnrolAsync(Id, request, "recruiter");
            Snackbar.Add($"{Labels.Count(result?.Enrolled ?? 0)} enrolled" + (result?.AlreadyEnrolled > 0 ? $", {Labels.Count(result.AlreadyEnrolled)} already were." : "."), Severity.Success);
        }
    }

    private void OpenDrawer(OutreachRow row)
    {
        current = row;
        drawerOpen = true;
    }

    private void OnChanged(ProjectChange change)
    {
        // The engine can move hundreds of candidates a second; one reload at a time, the last change always seen.
        if (change.ProjectId != Id || Interlocked.Exchange(ref reloading, 1) == 1)
        {
            return;
        }

        _ = InvokeAsync(async () =>
        {
            try
            {
                await Task.Delay(250);
                Volatile.Write(ref reloading, 0);
                counts = await Listing.CountsAsync(Id);
                if (table is not null)
                {
                    await table.ReloadServerData();
                }

                StateHasChanged();
            }
            catch (ObjectDisposedException)
            {
                // The page closed while the reload waited.
            }
        });
    }

    public void Dispose() => Changes.Changed -= OnChanged;
}
