namespace NetOrbit.Report;

/// <summary>An HTML table: header cells and rows of cells (plain text, escaped when written).</summary>
internal sealed record ReportTableItem(string Section, string Title, string PaperFigure, string Caption, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
    : ReportItem(Section, Title, PaperFigure);
