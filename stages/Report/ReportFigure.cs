namespace NetOrbit.Report;

/// <summary>A figure, saved as <c>Id.png</c> and <c>Id.svg</c> beside index.html.</summary>
internal sealed record ReportFigure(string Section, string Id, string Title, string PaperFigure, string Caption, ScottPlot.Plot Plot, int Width = 800, int Height = 500)
    : ReportItem(Section, Title, PaperFigure);
