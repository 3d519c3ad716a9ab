namespace NetOrbit.Report;

/// <summary>One entry of the report: a figure, a table or a note saying why a figure is not there.</summary>
internal abstract record ReportItem(string Section, string Title, string PaperFigure);
