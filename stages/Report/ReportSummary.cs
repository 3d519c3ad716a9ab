namespace NetOrbit.Report;

/// <summary>What <see cref="ReportWriter.Write"/> wrote: the page, the number of figures (each as PNG and SVG) and of notes for figures not drawn.</summary>
public sealed record ReportSummary(string IndexPath, int Figures, int Notes);
