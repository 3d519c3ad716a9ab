namespace NetOrbit.Report;

/// <summary>One entry of the report: a figure, a table or a note saying why a figure is not there.</summary>
internal abstract record ReportItem(string Section, string Title, string PaperFigure);

/// <summary>A figure, saved as <c>Id.png</c> and <c>Id.svg</c> beside index.html.</summary>
internal sealed record ReportFigure(string Section, string Id, string Title, string PaperFigure, string Caption, ScottPlot.Plot Plot, int Width = 800, int Height = 500)
    : ReportItem(Section, Title, PaperFigure);

/// <summary>A figure that could not be drawn: its tables are absent or empty; the text says which.</summary>
internal sealed record ReportNote(string Section, string Title, string PaperFigure, string Text)
    : ReportItem(Section, Title, PaperFigure);

/// <summary>An HTML table: header cells and rows of cells (plain text, escaped when written).</summary>
internal sealed record ReportTableItem(string Section, string Title, string PaperFigure, string Caption, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
    : ReportItem(Section, Title, PaperFigure);
