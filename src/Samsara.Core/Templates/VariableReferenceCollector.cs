using Fluid;
using Fluid.Ast;

namespace Samsara.Core.Templates;

/// <summary>
/// Walks a parsed template and lists the variables and filters it uses, so unknown names are caught when the
/// template is saved rather than when a candidate's message is rendered. Names a template defines itself
/// (assign, capture, for) are not variables from outside.
/// </summary>
internal sealed class VariableReferenceCollector : AstVisitor
{
    private readonly HashSet<string> localNames = new(StringComparer.Ordinal) { "forloop", "tablerowloop", "empty", "blank", "nil", "null", "true", "false" };

    public List<IReadOnlyList<string>> Paths { get; } = [];

    public List<string> Filters { get; } = [];

    /// <summary>Tags that would read other files; templates are self-contained, so these are rejected.</summary>
    public List<string> UnsupportedTags { get; } = [];

    public static VariableReferenceCollector Collect(IFluidTemplate template)
    {
        var collector = new VariableReferenceCollector();
        collector.VisitTemplate(template);
        return collector;
    }

    public bool IsLocal(string root) => localNames.Contains(root);

    protected override Statement VisitAssignStatement(AssignStatement assignStatement)
    {
        localNames.Add(assignStatement.Identifier);
        return base.VisitAssignStatement(assignStatement);
    }

    protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
    {
        localNames.Add(captureStatement.Identifier);
        return base.VisitCaptureStatement(captureStatement);
    }

    protected override Statement VisitForStatement(ForStatement forStatement)
    {
        localNames.Add(forStatement.Identifier);
        return base.VisitForStatement(forStatement);
    }

    protected override Statement VisitIncludeStatement(IncludeStatement includeStatement)
    {
        UnsupportedTags.Add("include");
        return base.VisitIncludeStatement(includeStatement);
    }

    protected override Statement VisitRenderStatement(RenderStatement renderStatement)
    {
        UnsupportedTags.Add("render");
        return base.VisitRenderStatement(renderStatement);
    }

    protected override Expression VisitMemberExpression(MemberExpression memberExpression)
    {
        var names = new List<string>();
        foreach (var segment in memberExpression.Segments)
        {
            if (segment is not IdentifierSegment identifier)
            {
                break;
            }

            names.Add(identifier.Identifier);
        }

        if (names.Count > 0)
        {
            Paths.Add(names);
        }

        return base.VisitMemberExpression(memberExpression);
    }

    protected override Expression VisitFilterExpression(FilterExpression filterExpression)
    {
        Filters.Add(filterExpression.Name);
        return base.VisitFilterExpression(filterExpression);
    }
}
