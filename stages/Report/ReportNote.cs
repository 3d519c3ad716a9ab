namespace NetOrbit.Report;

/// <summary>A figure that could not be drawn: its tables are absent or empty; the text says which.</summary>
internal sealed record ReportNote(string Section, string Title, string PaperFigure, string Text)
    : ReportItem(Section, Title, PaperFigure);
