using MudBlazor;
using Samsara.Core.Outreach.Replies;
using Samsara.Core.Templates;

namespace Samsara.Web.Inbox;

/// <summary>How the inbox names a reply's intent and colours its chip.</summary>
public static class InboxLabels
{
    public static string Intent(ReplyIntent intent) => intent switch
    {
        ReplyIntent.Interested => "Interested",
        ReplyIntent.NotNow => "Not now",
        ReplyIntent.NotInterested => "Not interested",
        ReplyIntent.OptOut => "Opt-out",
        ReplyIntent.WrongPerson => "Wrong person",
        ReplyIntent.Question => "Question",
        ReplyIntent.OutOfOffice => "Out of office",
        ReplyIntent.Other => "Other",
    };

    public static Color Color(ReplyIntent intent) => intent switch
    {
        ReplyIntent.Interested => MudBlazor.Color.Success,
        ReplyIntent.Question => MudBlazor.Color.Info,
        ReplyIntent.NotNow or ReplyIntent.OutOfOffice => MudBlazor.Color.Warning,
        ReplyIntent.NotInterested or ReplyIntent.WrongPerson => MudBlazor.Color.Default,
        ReplyIntent.OptOut => MudBlazor.Color.Error,
        ReplyIntent.Other => MudBlazor.Color.Secondary,
    };

    public static string Channel(MessageChannel channel) => channel switch
    {
        MessageChannel.Sms => "SMS",
        MessageChannel.Email => "Email",
    };
}
